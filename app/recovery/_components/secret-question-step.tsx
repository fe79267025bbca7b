'use client';

import { recoverySecretQuestion } from '@/lib/i18n/messages/recovery-secret-question';
import { secretQuestionSchema, type SecretQuestionInput } from '@/lib/recovery/schemas';
import { secretQuestionAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';
import { StepSubmit } from './step-submit';

/** Step 2: the registered question and 「秘密の質問の答え」. */
export function SecretQuestionStep(props: StepProps<'secret_question'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoverySecretQuestion[locale];
  const f = useStepForm<SecretQuestionInput>('secret_question', props, secretQuestionAction, {
    schema: secretQuestionSchema,
    defaultValues: { answer: '' },
  });
  return (
    <StepFrame
      step="secret_question"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead}
      expiresAt={view.expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert error={f.formError} n={f.formErrorKey} locale={locale} />
      <dl className={styles.question}>
        <dt>{t.questionLabel}</dt>
        <dd data-testid="secret-question">{view.question}</dd>
      </dl>
      <form {...f.formProps}>
        <TextField
          name="answer"
          locale={locale}
          registration={f.form.register('answer')}
          error={f.fieldError('answer')}
          hint={t.answerHint}
          autoComplete="off"
          maxLength={100}
        />
        <StepSubmit locale={locale} pending={f.pending} />
      </form>
      <PreviewNote locale={locale} shown={f.previewed} />
    </StepFrame>
  );
}
