'use client';

import { recoverySecretQuestion } from '@/lib/i18n/messages/recovery-secret-question';
import { secretQuestionForm, type SecretQuestionInput } from '@/lib/recovery/form-schemas';
import { secretQuestionAction } from '../actions';
import { FormStep } from './form-step';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';

/** Step 2: the registered question and 「秘密の質問の答え」. */
export function SecretQuestionStep(props: StepProps<'secret_question'>) {
  const { locale, view } = props;
  const t = recoverySecretQuestion[locale];
  const f = useStepForm<SecretQuestionInput>('secret_question', props, secretQuestionAction, {
    schema: secretQuestionForm,
    defaultValues: { answer: '' },
  });
  return (
    <FormStep
      step="secret_question"
      props={props}
      form={f}
      title={t.title}
      lead={t.lead}
      before={
        <dl className={styles.question}>
          <dt>{t.questionLabel}</dt>
          <dd data-testid="secret-question">{view.question}</dd>
        </dl>
      }
    >
      <TextField {...f.field('answer')} locale={locale} hint={t.answerHint} autoComplete="off" maxLength={100} />
    </FormStep>
  );
}
