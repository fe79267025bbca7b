import { recoveryCommon, type RecoveryCommonMessages } from '@/lib/i18n/messages/recovery-common';
import type { Locale } from '@/lib/i18n/types';

export type FieldName = keyof RecoveryCommonMessages['fields'];

/** What a catalog needs to put a field's error code into words. */
type FieldCatalog<F extends string> = {
  fields: Record<F, string>;
  formatHints: Partial<Record<string, string>>;
  fieldErrors: {
    required: (label: string) => string;
    format: (label: string) => string;
    too_long: (label: string) => string;
    confirm_required?: string;
  };
};

/** A field's error code (from the shared zod schema, in the browser or from the server) as words, from a catalog. */
export function errorTextIn<F extends string>(t: FieldCatalog<F>, field: F, code: string | undefined): string {
  if (!code) return '';
  const label = t.fields[field];
  const hint = t.formatHints[field];
  if (code === 'format' && hint) return hint;
  if (code === 'too_long') return t.fieldErrors.too_long(label);
  if (code === 'confirm_required' && t.fieldErrors.confirm_required) return t.fieldErrors.confirm_required;
  if (code === 'format') return t.fieldErrors.format(label);
  return t.fieldErrors.required(label);
}

/** A field's error code as words next to the field of a passkey-flow form. */
export function fieldErrorText(locale: Locale, field: FieldName, code: string | undefined): string {
  return errorTextIn(recoveryCommon[locale], field, code);
}
