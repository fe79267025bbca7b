'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryCommon, recoveryErrorMessage } from '@/lib/i18n/messages/recovery-common';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError } from '@/lib/recovery/types';
import { resumeSchema, type ResumeInput } from '@/lib/recovery/schemas';
import { formatDateTime } from '../_components/format';
import { PasswordKindField } from '../_components/password-field';
import { RecoveryErrorAlert, SubmitRow, usePlainForm } from '../_forms/plain-form';
import { resumeAction } from './actions';
import { LOGIN_ID_INPUT } from '@/app/_ui/login-id-input';

function message(error: RecoveryError, locale: Locale): string {
  const t = recoveryPasswordMessages[locale].resume;
  if (error.code === 'wrong_step' && error.resumeAt) return t.tooEarly(formatDateTime(error.resumeAt, locale));
  if (error.code === 'verification_failed') return t.notFound;
  return recoveryErrorMessage(error, locale);
}

/** 「ログインID」「受付番号」 → a fresh code and the flow. A plain form post; checked in the browser first when it can. */
export function ResumeForm({ locale }: { locale: Locale }) {
  const t = recoveryPasswordMessages[locale].resume;
  const form = useForm<ResumeInput>({
    resolver: zodResolver(resumeSchema),
    defaultValues: { loginId: '', referenceNumber: '' },
  });
  const { formAction, pending, refused, error, onSubmit, field } = usePlainForm(resumeAction, form, locale, (r) => ({
    loginId: r.loginId,
    referenceNumber: r.referenceNumber,
  }));
  return (
    <>
      <RecoveryErrorAlert error={error} n={refused?.n}>
        {error && message(error, locale)}
      </RecoveryErrorAlert>
      <form action={formAction} onSubmit={onSubmit} noValidate>
        <PasswordKindField {...field('loginId')} {...LOGIN_ID_INPUT} />
        <PasswordKindField
          {...field('referenceNumber')}
          hint={t.referenceHint}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
        />
        <SubmitRow pending={pending} label={t.submit} working={recoveryCommon[locale].working} />
      </form>
    </>
  );
}
