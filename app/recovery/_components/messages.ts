import { recoveryCommon, type RecoveryCommonMessages } from '@/lib/i18n/messages/recovery-common';
import type { Locale } from '@/lib/i18n/types';

export type FieldName = keyof RecoveryCommonMessages['fields'];

/** A field's error code (from the shared zod schema) as words next to the field. */
export function fieldErrorText(locale: Locale, field: FieldName, code: string | undefined): string {
  if (!code) return '';
  const t = recoveryCommon[locale];
  const label = t.fields[field];
  if (code === 'format' && field in t.formatHints)
    return t.formatHints[field as keyof RecoveryCommonMessages['formatHints']];
  if (code === 'too_long') return t.fieldErrors.too_long(label);
  if (code === 'confirm_required') return t.fieldErrors.confirm_required;
  if (code === 'format') return t.fieldErrors.format(label);
  return t.fieldErrors.required(label);
}
