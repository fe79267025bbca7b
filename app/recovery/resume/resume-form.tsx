'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useTransition, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { idle } from '@/lib/forms/action-state';
import { recoveryErrorMessage, recoveryMessages } from '@/lib/i18n/messages/recovery';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError } from '@/lib/recovery/types';
import { resumeSchema, type ResumeInput } from '@/lib/recovery/schemas';
import { formatDateTime } from '../_components/format';
import { PasswordKindField } from '../_components/password-field';
import { resumeAction } from './actions';

function message(error: RecoveryError, locale: Locale): string {
  const t = recoveryPasswordMessages[locale].resume;
  if (error.code === 'wrong_step' && error.resumeAt) return t.tooEarly(formatDateTime(error.resumeAt, locale));
  if (error.code === 'verification_failed') return t.notFound;
  return recoveryErrorMessage(error, locale);
}

/** 「ログインID」「受付番号」 → a fresh code and the flow. A plain form post; checked in the browser first when it can. */
export function ResumeForm({ locale }: { locale: Locale }) {
  const t = recoveryPasswordMessages[locale].resume;
  const [state, formAction, pending] = useActionState(resumeAction, idle);
  const [, start] = useTransition();
  const form = useForm<ResumeInput>({
    resolver: zodResolver(resumeSchema),
    defaultValues: { loginId: '', referenceNumber: '' },
  });
  const { errors } = form.formState;
  const refused = state.ok === false ? state : null;
  const error = refused?.formError && refused.formError.code !== 'invalid_input' ? refused.formError : null;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    if (pending) return;
    void form.handleSubmit(() => start(() => formAction(new FormData(el))))(e);
  };
  return (
    <>
      {error && (
        <div
          key={refused?.n}
          className="alert alert-error"
          role="alert"
          data-testid="recovery-error"
          data-code={error.code}
        >
          {message(error, locale)}
        </div>
      )}
      <form action={formAction} onSubmit={onSubmit} noValidate>
        <PasswordKindField
          name="loginId"
          locale={locale}
          registration={form.register('loginId')}
          error={errors.loginId?.message ?? refused?.fieldErrors.loginId}
          defaultValue={refused?.loginId}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
        />
        <PasswordKindField
          name="referenceNumber"
          locale={locale}
          registration={form.register('referenceNumber')}
          error={errors.referenceNumber?.message ?? refused?.fieldErrors.referenceNumber}
          defaultValue={refused?.referenceNumber}
          hint={t.referenceHint}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block" aria-disabled={pending || undefined}>
            {pending ? recoveryMessages[locale].working : t.submit}
          </button>
        </div>
      </form>
    </>
  );
}
