'use client';

import { useState } from 'react';
import { recoveryCredentials } from '@/lib/i18n/messages/recovery-credentials';
import { credentialsForm, type CredentialsInput } from '@/lib/recovery/form-schemas';
import { credentialsAction } from '../actions';
import { FormStep } from './form-step';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';
import { LOGIN_ID_INPUT } from '@/app/_ui/login-id-input';

/** Step 1: 「ログインID」「パスワード」. After a refusal the password field is emptied; 「パスワードを表示」 helps retype it. */
export function CredentialsStep(props: StepProps<'credentials'>) {
  const { locale } = props;
  const t = recoveryCredentials[locale];
  const f = useStepForm<CredentialsInput>('credentials', props, credentialsAction, {
    schema: credentialsForm,
    defaultValues: { loginId: '', password: '' },
    clearOnError: ['password'],
  });
  const [show, setShow] = useState(false);
  return (
    <FormStep step="credentials" props={props} form={f} title={t.title} lead={t.lead}>
      <TextField {...f.field('loginId')} locale={locale} {...LOGIN_ID_INPUT} />
      <TextField
        {...f.field('password')}
        locale={locale}
        type={show ? 'text' : 'password'}
        autoComplete="current-password"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={128}
      >
        <div className={`check ${styles.showPassword} ${styles.scriptOnly}`}>
          <input
            id="recovery-show-password"
            type="checkbox"
            checked={show}
            onChange={(e) => setShow(e.target.checked)}
            aria-controls="recovery-password"
          />
          <label htmlFor="recovery-show-password">{t.showPassword}</label>
        </div>
      </TextField>
      <p>
        {t.passwordForgotLead} <a href="/recovery/password">{t.passwordForgot}</a>
      </p>
    </FormStep>
  );
}
