'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { secretQuestionSchema, type SecretQuestionInput } from '@/lib/recovery/schemas';
import { secretQuestionAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';
import { StepSubmit, fieldErrorsInto } from './step-submit';

/** Step 2: the customer's own question is shown; 「秘密の質問の答え」. */
export function SecretQuestionStep(props: StepProps<'secret_question'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale];
  const action = useStepAction('secret_question', props);
  const form = useForm<SecretQuestionInput>({ resolver: zodResolver(secretQuestionSchema), defaultValues: { answer: '' } });
  const onSubmit = form.handleSubmit((values) => action.submit(() => secretQuestionAction(values), {}, {
    onFieldErrors: fieldErrorsInto(form),
    onOk: () => form.reset(),
  }));
  return (
    <StepFrame step="secret_question" locale={locale} mode={mode} title={t.secretQuestion.title} lead={t.secretQuestion.lead}
      expiresAt={view.expiresAt} cancellable onView={props.onView}>
      <FormAlert error={action.formError} n={action.formErrorKey} locale={locale} />
      <dl className={styles.question}>
        <dt>{t.secretQuestion.questionLabel}</dt>
        <dd data-testid="secret-question">{view.question}</dd>
      </dl>
      <form onSubmit={onSubmit} noValidate>
        <TextField name="answer" locale={locale} registration={form.register('answer')} error={form.formState.errors.answer?.message}
          hint={t.secretQuestion.answerHint} autoComplete="off" maxLength={100} />
        <StepSubmit locale={locale} pending={action.pending} />
      </form>
      <PreviewNote locale={locale} shown={action.previewed} />
    </StepFrame>
  );
}
