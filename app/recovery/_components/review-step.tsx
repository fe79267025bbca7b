'use client';

import { recoveryReview } from '@/lib/i18n/messages/recovery-review';
import { completeForm } from '@/lib/recovery/form-schemas';
import { completeRecoveryAction } from '../actions';
import { FormStep } from './form-step';
import styles from './recovery.module.css';
import { ConsentField, PasskeyList, WhatFollows } from './review-parts';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';

type ReviewForm = { confirm: boolean };

/** Step 5: the passkeys that will be revoked, what stays as it is, the consent checkbox, 「パスキーを削除する」. */
export function ReviewStep(props: StepProps<'review'>) {
  const { locale, view } = props;
  const t = recoveryReview[locale];
  const f = useStepForm<ReviewForm>('review', props, completeRecoveryAction, {
    schema: completeForm,
    defaultValues: { confirm: false },
  });
  return (
    <FormStep
      step="review"
      props={props}
      form={f}
      title={t.title}
      lead={t.lead}
      submitLabel={t.submit}
      pendingLabel={t.submitting}
      before={
        <>
          <h2 className="visually-hidden">{t.caption}</h2>
          <PasskeyList passkeys={view.passkeys} locale={locale} none={t.none} />
          <p className={styles.reassure} data-testid="review-safe">
            {t.safe}
          </p>
          <WhatFollows title={t.afterTitle} items={t.after} />
        </>
      }
    >
      <ConsentField label={t.consent} locale={locale} {...f.field('confirm')} />
    </FormStep>
  );
}
