'use client';

import { useActionState } from 'react';
import { staffLoginAction, type StaffLoginState } from './actions';
import { Field } from '@/app/_ui/field';
import { idle } from '@/lib/forms/action-state';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffLoginMessages } from '@/lib/i18n/messages/staff-login';
import type { Locale } from '@/lib/i18n/types';

/** 「メールアドレス」「パスワード」「ログイン」: a plain server-action form (works without JavaScript). */
export function StaffLoginForm({ locale }: { locale: Locale }) {
  const t = { ...staffCommonMessages[locale], ...staffLoginMessages[locale] };
  const [state, action, pending] = useActionState<StaffLoginState, FormData>(staffLoginAction, idle);
  const refused = state.ok === false ? state : null;
  const code = refused?.formError;
  const fieldMsg = (code: string | undefined) =>
    code ? (t.fieldErrors[code as keyof typeof t.fieldErrors] ?? t.fieldErrors.fallback) : '';
  const emailError = fieldMsg(refused?.fieldErrors.email);
  const passwordError = fieldMsg(refused?.fieldErrors.password);
  return (
    <>
      <div className="alert alert-error" role="alert" aria-live="assertive">
        {code === 'invalid_credentials'
          ? t.login.failed
          : code === 'rate_limited'
            ? t.login.rateLimited(refused?.retryAfterSeconds ?? 60)
            : code === 'login_suspended'
              ? t.login.suspended
              : ''}
      </div>
      <form action={action} noValidate>
        <Field
          id="staff-email"
          label={t.login.email}
          error={emailError}
          name="email"
          type="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={254}
          defaultValue={refused?.email ?? ''}
        />
        <Field
          id="staff-password"
          label={t.login.password}
          error={passwordError}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
          {pending ? t.login.working : t.login.submit}
        </button>
      </form>
    </>
  );
}
