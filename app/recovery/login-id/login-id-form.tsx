'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef } from 'react';
import { useForm } from 'react-hook-form';
import { recoveryErrorMessage } from '@/lib/i18n/messages/recovery-common';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import { loginIdReminderSchema, type LoginIdReminderInput } from '@/lib/recovery/schemas';
import { PasswordKindField } from '../_components/password-field';
import pw from '../_components/password.module.css';
import { RecoveryErrorAlert, SubmitRow, usePlainForm } from '../_forms/plain-form';
import { loginIdReminderAction } from './actions';

/** 「生年月日」「部店コード」「口座番号」「登録メールアドレス」 → always the same answer. */
export function LoginIdForm({ locale }: { locale: Locale }) {
  const t = recoveryPasswordMessages[locale].loginId;
  const form = useForm<LoginIdReminderInput>({
    resolver: zodResolver(loginIdReminderSchema),
    defaultValues: { birthDate: '', branchCode: '', accountNumber: '', email: '' },
  });
  const { state, formAction, pending, refused, error, onSubmit, field } = usePlainForm(
    loginIdReminderAction,
    form,
    locale,
    (r) => r.values ?? {},
  );
  const answerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.ok === true) answerRef.current?.focus();
  }, [state]);

  if (state.ok === true) {
    return (
      <div ref={answerRef} tabIndex={-1} className={pw.answer} data-testid="login-id-answer">
        <p className="alert alert-success" role="status">
          {t.answer}
        </p>
        <p>{t.answerNote}</p>
        <ul className={pw.links}>
          <li>
            <a href="/login">{t.toLogin}</a>
          </li>
          <li>
            <a href="/recovery/password">{recoveryPasswordMessages[locale].links.forgotPassword}</a>
          </li>
        </ul>
      </div>
    );
  }
  const numeric = { inputMode: 'numeric', autoComplete: 'off' } as const;
  return (
    <>
      <p>{t.lead}</p>
      <RecoveryErrorAlert error={error} n={refused?.n}>
        {error && recoveryErrorMessage(error, locale)}
      </RecoveryErrorAlert>
      <form action={formAction} onSubmit={onSubmit} noValidate>
        <PasswordKindField
          {...field('birthDate')}
          hint={t.birthDateHint}
          {...numeric}
          autoComplete="bday"
          maxLength={16}
        />
        <PasswordKindField {...field('branchCode')} hint={t.branchCodeHint} {...numeric} maxLength={8} />
        <PasswordKindField {...field('accountNumber')} hint={t.accountNumberHint} {...numeric} maxLength={12} />
        <PasswordKindField
          {...field('email')}
          hint={t.emailHint}
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
        />
        <SubmitRow pending={pending} label={t.submit} working={t.working} />
      </form>
      <p className="small muted">{t.forgotPassword}</p>
    </>
  );
}
