'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { credentialsPinForm, type CredentialsPinInput } from '@/lib/recovery/form-schemas';
import { credentialsPinAction } from '../password/actions';
import { PasswordKindField } from './password-field';
import { FormStep } from './form-step';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useFormStep } from './use-form-step';
import { LOGIN_ID_INPUT } from '@/app/_ui/login-id-input';

/** Password kind, step 1: 「ログインID」「取引暗証番号」 (4 digits, numeric keyboard). */
export function CredentialsPinStep(props: StepProps<'credentials_pin'>) {
  const { locale } = props;
  const t = recoveryPasswordMessages[locale];
  const step = useFormStep('credentials_pin', credentialsPinAction, props);
  const form = useForm<CredentialsPinInput>({
    resolver: zodResolver(credentialsPinForm),
    defaultValues: { loginId: step.values.loginId ?? '', tradingPin: '' },
  });
  const { errors } = form.formState;
  const field = (name: keyof CredentialsPinInput) => ({
    name,
    locale,
    registration: form.register(name),
    error: errors[name]?.message ?? step.fieldErrors[name],
  });
  return (
    <FormStep
      step="credentials_pin"
      props={props}
      form={step.formState(form)}
      title={t.credentialsPin.title}
      lead={t.credentialsPin.lead}
    >
      <PasswordKindField {...field('loginId')} defaultValue={step.values.loginId} {...LOGIN_ID_INPUT} />
      <PasswordKindField
        {...field('tradingPin')}
        hint={t.credentialsPin.tradingPinHint}
        type="password"
        inputMode="numeric"
        pattern="[0-9]*"
        autoComplete="off"
        maxLength={8}
        inputClassName={styles.codeInput}
      />
    </FormStep>
  );
}
