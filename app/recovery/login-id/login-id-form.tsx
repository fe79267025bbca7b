'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useActionState, useEffect, useRef, useTransition, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { idle } from '@/lib/forms/action-state';
import { recoveryErrorMessage } from '@/lib/i18n/messages/recovery';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import { loginIdReminderSchema, type LoginIdReminderInput } from '@/lib/recovery/schemas';
import { PasswordKindField } from '../_components/password-field';
import pw from '../_components/password.module.css';
import { loginIdReminderAction } from './actions';

/** 「生年月日」「部店コード」「口座番号」「登録メールアドレス」 → always the same answer. */
export function LoginIdForm({ locale }: { locale: Locale }) {
  const t = recoveryPasswordMessages[locale];
  const [state, formAction, pending] = useActionState(loginIdReminderAction, idle);
  const [, start] = useTransition();
  const answerRef = useRef<HTMLDivElement>(null);
  const form = useForm<LoginIdReminderInput>({
    resolver: zodResolver(loginIdReminderSchema),
    defaultValues: { birthDate: '', branchCode: '', accountNumber: '', email: '' },
  });
  const { errors } = form.formState;
  const refused = state.ok === false ? state : null;
  const error = refused?.formError && refused.formError.code !== 'invalid_input' ? refused.formError : null;
  useEffect(() => {
    if (state.ok === true) answerRef.current?.focus();
  }, [state]);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    if (pending) return;
    void form.handleSubmit(() => start(() => formAction(new FormData(el))))(e);
  };

  if (state.ok === true) {
    return (
      <div ref={answerRef} tabIndex={-1} className={pw.answer} data-testid="login-id-answer">
        <p className="alert alert-success" role="status">
          {t.loginId.answer}
        </p>
        <p>{t.loginId.answerNote}</p>
        <ul className={pw.links}>
          <li>
            <a href="/login">{t.loginId.toLogin}</a>
          </li>
          <li>
            <a href="/recovery/password">{t.links.forgotPassword}</a>
          </li>
        </ul>
      </div>
    );
  }
  const v = refused?.values ?? {};
  return (
    <>
      <p>{t.loginId.lead}</p>
      {error && (
        <div
          key={refused?.n}
          className="alert alert-error"
          role="alert"
          data-testid="recovery-error"
          data-code={error.code}
        >
          {recoveryErrorMessage(error, locale)}
        </div>
      )}
      <form action={formAction} onSubmit={onSubmit} noValidate>
        <PasswordKindField
          name="birthDate"
          locale={locale}
          registration={form.register('birthDate')}
          error={errors.birthDate?.message ?? refused?.fieldErrors.birthDate}
          defaultValue={v.birthDate}
          hint={t.loginId.birthDateHint}
          inputMode="numeric"
          autoComplete="bday"
          maxLength={16}
        />
        <PasswordKindField
          name="branchCode"
          locale={locale}
          registration={form.register('branchCode')}
          error={errors.branchCode?.message ?? refused?.fieldErrors.branchCode}
          defaultValue={v.branchCode}
          hint={t.loginId.branchCodeHint}
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
        />
        <PasswordKindField
          name="accountNumber"
          locale={locale}
          registration={form.register('accountNumber')}
          error={errors.accountNumber?.message ?? refused?.fieldErrors.accountNumber}
          defaultValue={v.accountNumber}
          hint={t.loginId.accountNumberHint}
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
        />
        <PasswordKindField
          name="email"
          locale={locale}
          registration={form.register('email')}
          error={errors.email?.message ?? refused?.fieldErrors.email}
          defaultValue={v.email}
          hint={t.loginId.emailHint}
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block" aria-disabled={pending || undefined}>
            {pending ? t.loginId.working : t.loginId.submit}
          </button>
        </div>
      </form>
      <p className="small muted">{t.loginId.forgotPassword}</p>
    </>
  );
}
