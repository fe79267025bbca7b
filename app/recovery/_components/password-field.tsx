'use client';

import type { InputHTMLAttributes, ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { recoveryPasswordMessages, type RecoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import { errorTextIn } from './messages';
import { Field } from './text-field';

export type PasswordFieldName = keyof RecoveryPasswordMessages['fields'];

/** A field's error code (from the shared zod schema, in the browser or from the server) as words. */
export function passwordFieldErrorText(locale: Locale, field: PasswordFieldName, code: string | undefined): string {
  return errorTextIn(recoveryPasswordMessages[locale], field, code);
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

/** A field of the password kind's forms, its label and error words from the password catalog. */
export function PasswordKindField({ name, locale, error, errorContent, ...rest }: Props) {
  return (
    <Field
      id={`recovery-${name}`}
      label={recoveryPasswordMessages[locale].fields[name]}
      message={errorContent ?? passwordFieldErrorText(locale, name, error)}
      {...rest}
    />
  );
}
