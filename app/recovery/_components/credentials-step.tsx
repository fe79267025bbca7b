'use client';

import { useState } from 'react';
import { recoveryCredentials } from '@/lib/i18n/messages/recovery-credentials';
import { credentialsSchema, type CredentialsInput } from '@/lib/recovery/schemas';
import { credentialsAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useHydrated } from './use-now';
import { useStepForm } from './use-step-form';
import { StepSubmit } from './step-submit';

/** Step 1: 「ログインID」「パスワード」. After a refusal the password field is emptied; 「パスワードを表示」 helps retype it. */
export function CredentialsStep(props: StepProps<'credentials'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryCredentials[locale];
  const f = useStepForm<CredentialsInput>('credentials', props, credentialsAction, {
    schema: credentialsSchema,
    defaultValues: { loginId: '', password: '' },
    clearOnError: ['password'],
  });
  const hydrated = useHydrated();
  const [show, setShow] = useState(false);
  return (
    <StepFrame
      step="credentials"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead}
      expiresAt={view.expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert error={f.formError} n={f.formErrorKey} locale={locale} />
      <form {...f.formProps}>
        <TextField
          name="loginId"
          locale={locale}
          registration={f.form.register('loginId')}
          error={f.fieldError('loginId')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
        />
        <TextField
          name="password"
          locale={locale}
          registration={f.form.register('password')}
          error={f.fieldError('password')}
          type={show ? 'text' : 'password'}
          autoComplete="current-password"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={128}
        >
          {hydrated && (
            <div className={`check ${styles.showPassword}`}>
              <input
                id="recovery-show-password"
                type="checkbox"
                checked={show}
                onChange={(e) => setShow(e.target.checked)}
                aria-controls="recovery-password"
              />
              <label htmlFor="recovery-show-password">{t.showPassword}</label>
            </div>
          )}
        </TextField>
        <p>
          {t.passwordForgotLead} <a href="/recovery/password">{t.passwordForgot}</a>
        </p>
        <StepSubmit locale={locale} pending={f.pending} />
      </form>
      <PreviewNote locale={locale} shown={f.previewed} />
    </StepFrame>
  );
}
