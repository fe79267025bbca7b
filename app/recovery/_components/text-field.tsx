'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import type { Locale } from '@/lib/i18n/types';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { fieldErrorText, type FieldName } from './messages';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/**
 * A labelled input with its hint and its error beside it, tied together by aria-describedby: the markup of every
 * field of the recovery forms (TextField, PasswordKindField).
 */
export function Field({
  id,
  label,
  registration,
  message,
  hint,
  inputClassName,
  after,
  ...input
}: {
  id: string;
  label: string;
  registration: UseFormRegisterReturn;
  /** The error in words ('' when there is none). */
  message: ReactNode;
  hint?: ReactNode;
  inputClassName?: string;
  /** Shown under the input (e.g. 「パスワードを表示」, how a typed date was read). */
  after?: ReactNode;
} & InputProps) {
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
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

type Props = {
  name: FieldName;
  locale: Locale;
  registration: UseFormRegisterReturn;
  error?: string;
  hint?: string;
  inputClassName?: string;
  /** Shown under the input (e.g. 「パスワードを表示」, how a typed date was read). */
  children?: ReactNode;
} & InputProps;

/** A field of the passkey flow's forms, its label and error words from the recovery catalog. */
export function TextField({ name, locale, error, children, ...rest }: Props) {
  return (
    <Field
      id={`recovery-${name}`}
      label={recoveryCommon[locale].fields[name]}
      message={fieldErrorText(locale, name, error)}
      after={children}
      {...rest}
    />
  );
}
