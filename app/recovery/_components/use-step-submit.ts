'use client';

import { startTransition, useActionState, useEffect, useState, type FormEvent } from 'react';
import { idle } from '@/lib/forms/action-state';
import type { RecoveryError, RecoveryStep, StepAction, StepActionResult, StepProps } from './types';

/**
 * One step's form without fields of its own (「本人確認をはじめる」, 「時間を延長する」, 「手続きをやめる」, the resend): a real
 * <form> whose `action` is the step's server action, so it works without JavaScript; with JavaScript the action
 * runs through `useActionState` without a page load and the answer's screen replaces this one. Preview mode (staff
 * console) sends nothing. No form library and no schema ship for these: useStepForm adds them for forms with fields.
 *
 *   const f = useStepSubmit('intro', props, startRecoveryAction);
 *   <form {...f.formProps}> <button type="submit">…</button> </form>
 */
export function useStepSubmit(
  step: RecoveryStep,
  props: Pick<StepProps<RecoveryStep>, 'mode' | 'onView' | 'onPreviewSubmit' | 'flash'>,
  action: StepAction,
  /** Runs on each answer of the server before the screen changes (useStepForm: reset, field errors). */
  onAnswer?: (state: Exclude<StepActionResult, { ok: null }>) => void,
) {
  const live = (props.mode ?? 'live') === 'live';
  const [state, formAction, pending] = useActionState<StepActionResult, FormData>(action, idle);
  const [submits, setSubmits] = useState(0);
  const [previewed, setPreviewed] = useState(0);
  const { onView } = props;

  useEffect(() => {
    if (state.ok === null) return;
    onAnswer?.(state);
    if (state.ok) onView?.(state.data.view, null);
    else if (state.view && state.view.step !== step) onView?.(state.view, state.formError);
    else if (state.view) onView?.(state.view, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to each answer of the server once
  }, [state]);

  /** Sends the form's own FormData to the action (live), or the checked values to the preview. */
  function send(el: HTMLFormElement, values: Record<string, unknown>) {
    setSubmits((n) => n + 1);
    if (!live) {
      setPreviewed((n) => n + 1);
      props.onPreviewSubmit?.(values);
      return;
    }
    startTransition(() => formAction(new FormData(el)));
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!pending) send(e.currentTarget, {});
  }

  const formError: RecoveryError | null =
    state.ok === false
      ? state.formError && state.formError.code !== 'invalid_input'
        ? state.formError
        : null
      : state.ok === null
        ? (props.flash ?? null)
        : null;

  return {
    state,
    pending,
    previewed,
    formError,
    formErrorKey: submits,
    send,
    formProps: { action: live ? formAction : undefined, onSubmit, noValidate: true },
  };
}
