'use client';

import type { FormHTMLAttributes, ReactNode } from 'react';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import { StepSubmit } from './step-submit';
import type { RecoveryError, RecoveryStep, StepProps } from './types';

/** What FormStep needs of a step's form hook (useStepForm, or the password kind's useFormStep). */
export type FormStepState = {
  formProps: FormHTMLAttributes<HTMLFormElement>;
  formError: RecoveryError | null;
  formErrorKey: number;
  pending: boolean;
  previewed: number;
};

/**
 * A step whose screen is one form of fields (docs/design.md#steps): the frame with the clock and 「手続きをやめる」,
 * the refusal, what comes before the form, the fields and the one primary button, the preview note.
 */
export function FormStep<S extends RecoveryStep>({
  step,
  props,
  form,
  title,
  lead,
  before,
  children,
  submitLabel,
  pendingLabel,
}: {
  step: S;
  props: StepProps<S>;
  form: FormStepState;
  title: string;
  lead?: ReactNode;
  /** What the screen shows between the refusal and the form. */
  before?: ReactNode;
  /** The fields. */
  children: ReactNode;
  submitLabel?: string;
  pendingLabel?: string;
}) {
  const { locale, mode = 'live' } = props;
  return (
    <StepFrame
      step={step}
      locale={locale}
      mode={mode}
      title={title}
      lead={lead}
      expiresAt={(props.view as { expiresAt?: string }).expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert error={form.formError} n={form.formErrorKey} locale={locale} />
      {before}
      <form {...form.formProps}>
        {children}
        <StepSubmit locale={locale} pending={form.pending} label={submitLabel} pendingLabel={pendingLabel} />
      </form>
      <PreviewNote locale={locale} shown={form.previewed} />
    </StepFrame>
  );
}
