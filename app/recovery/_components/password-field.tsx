'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { recoveryPasswordMessages, type RecoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';

export type PasswordFieldName = keyof RecoveryPasswordMessages['fields'];

/** A field's error code (from the shared zod schema, in the browser or from the server) as words. */
export function passwordFieldErrorText(locale: Locale, field: PasswordFieldName, code: string | undefined): string {
  if (!code) return '';
  const t = recoveryPasswordMessages[locale];
  const label = t.fields[field];
  if (code === 'format' && field in t.formatHints)
    return t.formatHints[field as keyof RecoveryPasswordMessages['formatHints']];
  if (code === 'too_long') return t.fieldErrors.too_long(label);
  if (code === 'format') return t.fieldErrors.format(label);
  return t.fieldErrors.required(label);
}

type Props = {
  name: PasswordFieldName;
  locale: Locale;
  registration: UseFormRegisterReturn;
  /** The error code: react-hook-form's in the browser, else the server's. */
  error?: string;
  hint?: ReactNode;
  /** Words shown under the field in place of the error code's text (e.g. the server's password reasons). */
  errorContent?: ReactNode;
  inputClassName?: string;
  after?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** A labelled input of the password kind's forms: hint and error beside it, tied by aria-describedby. */
export function PasswordKindField({
  name,
  locale,
  registration,
  error,
  hint,
  errorContent,
  inputClassName,
  after,
  ...input
}: Props) {
  const id = `recovery-${name}`;
  const message = errorContent ?? passwordFieldErrorText(locale, name, error);
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{recoveryPasswordMessages[locale].fields[name]}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <input
        id={id}
        type="text"
        className={inputClassName}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        {...input}
        {...registration}
      />
      {after}
      <div id={`${id}-error`} className="field-error" aria-live="polite">
        {message}
      </div>
    </div>
  );
}
