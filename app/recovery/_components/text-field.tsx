'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import type { Locale } from '@/lib/i18n/types';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { fieldErrorText, type FieldName } from './messages';

type Props = {
  name: FieldName;
  locale: Locale;
  registration: UseFormRegisterReturn;
  error?: string;
  hint?: string;
  inputClassName?: string;
  /** Shown under the input (e.g. 「パスワードを表示」, how a typed date was read). */
  children?: ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** A labelled input with its hint and its error beside it, tied together by aria-describedby. */
export function TextField({ name, locale, registration, error, hint, inputClassName, children, ...input }: Props) {
  const id = `recovery-${name}`;
  const message = fieldErrorText(locale, name, error);
  const describedBy = [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{recoveryCommon[locale].fields[name]}</label>
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
      {children}
      <div id={`${id}-error`} className="field-error" aria-live="polite">
        {message}
      </div>
    </div>
  );
}
