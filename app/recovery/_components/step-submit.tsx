'use client';

import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import type { Locale } from '@/lib/i18n/types';

/** The one primary action of a form step: 「次へ」 unless named, with words while it works. */
export function StepSubmit({
  locale,
  pending,
  label,
  pendingLabel,
}: {
  locale: Locale;
  pending: boolean;
  label?: string;
  pendingLabel?: string;
}) {
  const t = recoveryCommon[locale];
  return (
    <div className="actions">
      <button type="submit" className="btn btn-primary btn-block" aria-disabled={pending || undefined}>
        {pending ? (pendingLabel ?? t.working) : (label ?? t.next)}
      </button>
    </div>
  );
}

/** Puts the server's field error codes beside the fields of the step's form. */
export function fieldErrorsInto<T extends FieldValues>(form: UseFormReturn<T>) {
  return (errors: Record<string, string>) => {
    for (const [field, message] of Object.entries(errors)) form.setError(field as Path<T>, { message });
  };
}
