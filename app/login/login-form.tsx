'use client';

import Link from 'next/link';
import { useActionState, useEffect, useRef } from 'react';
import { passwordLoginAction, type LoginState } from './actions';
import { Field } from '@/app/_ui/field';
import { idle } from '@/lib/forms/action-state';
import { loginMessages } from '@/lib/i18n/messages/login';
import type { Locale } from '@/lib/i18n/types';
import styles from './login.module.css';

/** ID/password form: a plain server-action form (works without JavaScript), errors announced. */
export function LoginForm({ locale }: { locale: Locale }) {
  const t = loginMessages[locale];
  const [state, action, pending] = useActionState<LoginState, FormData>(passwordLoginAction, idle);
  const refused = state.ok === false ? state : null;
  const code = refused?.formError;
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.ok === false && state.formError === 'passkey_required') alertRef.current?.focus();
  }, [state]);

  const fieldMsg = (field: 'loginId' | 'password', label: string) => {
    const fieldCode = refused?.fieldErrors[field];
    if (!fieldCode) return '';
    return fieldCode === 'too_long' ? t.tooLong(label) : t.required(label);
  };
  const loginIdError = fieldMsg('loginId', t.loginId);
  const passwordError = fieldMsg('password', t.password);
  const formError =
    code === 'invalid_credentials'
      ? t.invalidCredentials
      : code === 'account_locked'
        ? t.accountLocked
        : code === 'rate_limited'
          ? refused?.retryAfterSeconds
            ? t.rateLimitedWait(refused.retryAfterSeconds)
            : t.rateLimited
          : code === 'login_suspended'
            ? t.loginSuspended
            : code === 'error'
              ? t.passkeyFailed
              : '';

  return (
    <>
      {code === 'passkey_required' && (
        <div
          className={`alert alert-warn ${styles.refusal}`}
          role="alert"
          tabIndex={-1}
          ref={alertRef}
          data-testid="passkey-required"
        >
          <strong>{t.passkeyRequired}</strong>
          <p>{t.passkeyRequiredBody}</p>
          <ul className={styles.reassure} data-testid="passkey-required-reassure">
            {t.passkeyRequiredReassure.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className={styles.refusalLinks}>
            <Link href="/recovery" className="btn btn-primary">
              {t.toRecovery}
            </Link>
            <Link href="/help/login-trouble">{t.trouble}</Link>
          </p>
        </div>
      )}
      <div className="alert alert-error" role="alert" aria-live="assertive">
        {formError}
      </div>
      <form action={action} noValidate>
        <Field
          id="loginId"
          label={t.loginId}
          error={loginIdError}
          name="loginId"
          type="text"
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={64}
          defaultValue={refused?.loginId ?? ''}
        />
        <Field
          id="password"
          label={t.password}
          error={passwordError}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={128}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
          {pending ? t.signingIn : t.submit}
        </button>
      </form>
    </>
  );
}
