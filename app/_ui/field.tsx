import type { InputHTMLAttributes } from 'react';

type Props = { id: string; label: string; error?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'>;

/**
 * A labelled input of a plain server-action form (the customer and staff logins), its error beside it and
 * announced, tied to it by aria-describedby (`<id>-error`). The recovery forms have their own (react-hook-form).
 */
export function Field({ id, label, error, ...input }: Props) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={!!error} aria-describedby={`${id}-error`} {...input} />
      <div id={`${id}-error`} className="field-error" aria-live="polite">
        {error}
      </div>
    </div>
  );
}
