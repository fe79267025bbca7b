'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { credentialsSchema, type CredentialsInput } from '@/lib/recovery/schemas';
import { credentialsAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';
import { StepSubmit, fieldErrorsInto } from './step-submit';

/** Step 1: 「ログインID」「パスワード」. */
export function CredentialsStep(props: StepProps<'credentials'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale];
  const action = useStepAction('credentials', props);
  const form = useForm<CredentialsInput>({ resolver: zodResolver(credentialsSchema), defaultValues: { loginId: '', password: '' } });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => action.submit(() => credentialsAction(values), { loginId: values.loginId }, {
    onFieldErrors: fieldErrorsInto(form),
    onOk: () => form.reset(),
  }));
  return (
    <StepFrame step="credentials" locale={locale} mode={mode} title={t.credentials.title} lead={t.credentials.lead}
      expiresAt={view.expiresAt} cancellable onView={props.onView}>
      <FormAlert error={action.formError} n={action.formErrorKey} locale={locale} />
      <form onSubmit={onSubmit} noValidate>
        <TextField name="loginId" locale={locale} registration={form.register('loginId')} error={errors.loginId?.message}
          autoComplete="username" autoCapitalize="none" spellCheck={false} maxLength={64} />
        <TextField name="password" locale={locale} registration={form.register('password')} error={errors.password?.message}
          type="password" autoComplete="current-password" maxLength={128} />
        <p className="small muted">{t.credentials.passwordForgot}</p>
        <StepSubmit locale={locale} pending={action.pending} />
      </form>
      <PreviewNote locale={locale} shown={action.previewed} />
    </StepFrame>
  );
}
