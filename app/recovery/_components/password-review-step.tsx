'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { completeForm } from '@/lib/recovery/form-schemas';
import { completePasswordRecoveryAction } from '../password/actions';
import { FormStep } from './form-step';
import { ConsentField, PasskeyList, WhatFollows } from './review-parts';
import type { StepProps } from './types';
import { useFormStep } from './use-form-step';

type ReviewForm = { confirm: boolean };

/** Password kind, the review: the new password replaces the old one, these passkeys go; consent; 「パスワードを変更する」. */
export function PasswordReviewStep(props: StepProps<'review'>) {
  const { locale, view } = props;
  const t = recoveryPasswordMessages[locale].review;
  const step = useFormStep('review', completePasswordRecoveryAction, props);
  const form = useForm<ReviewForm, unknown, { confirm: true }>({
    resolver: zodResolver(completeForm) as never,
    defaultValues: { confirm: false },
  });
  return (
    <FormStep
      step="review"
      props={props}
      form={step.formState(form)}
      title={t.title}
      lead={t.lead}
      submitLabel={t.submit}
      pendingLabel={t.submitting}
      before={
        <>
          <h2>{t.passwordTitle}</h2>
          <p>{t.password}</p>
          <h2>{t.passkeysTitle}</h2>
          <PasskeyList passkeys={view.passkeys} locale={locale} none={t.noPasskeys} />
          <WhatFollows title={t.afterTitle} items={t.after} />
        </>
      }
    >
      <ConsentField
        label={t.consent}
        locale={locale}
        registration={form.register('confirm')}
        error={form.formState.errors.confirm?.message ?? step.fieldErrors.confirm}
      />
    </FormStep>
  );
}
