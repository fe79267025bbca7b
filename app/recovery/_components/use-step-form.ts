'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { startTransition, useActionState, useEffect, useState, type FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { idle } from '@/lib/forms/action-state';
import type { RecoveryError, RecoveryStep, StepAction, StepActionResult, StepProps } from './types';

type Options<T extends FieldValues> = {
  schema: z.ZodType;
  defaultValues: DefaultValues<T>;
  /** Fields emptied after a refusal (the password: it is never kept on screen after a failed try). */
  clearOnError?: Path<T>[];
};

/**
 * One step's form (docs/design.md#steps): a real <form> whose `action` is the step's server action, so it works
 * without JavaScript; when JavaScript runs, react-hook-form checks the same zod schema first and the action runs
 * through `useActionState` without a page load. Preview mode (staff console) validates and sends nothing.
 *
 *   const f = useStepForm('otp', props, otpAction, { schema: otpSchema, defaultValues: { code: '' } });
 *   <form {...f.formProps}> <TextField registration={f.form.register('code')} error={f.fieldError('code')} /> </form>
 */
export function useStepForm<T extends FieldValues>(
  step: RecoveryStep,
  props: Pick<StepProps<RecoveryStep>, 'mode' | 'onView' | 'onPreviewSubmit' | 'flash'>,
  action: StepAction,
  opts: Options<T>,
) {
  const live = (props.mode ?? 'live') === 'live';
  const [state, formAction, pending] = useActionState<StepActionResult, FormData>(action, idle);
  const form = useForm<T>({
    resolver: zodResolver(opts.schema as never) as unknown as Resolver<T>,
    defaultValues: opts.defaultValues,
  });
  const [submits, setSubmits] = useState(0);
  const [previewed, setPreviewed] = useState(0);
  const { onView } = props;

  useEffect(() => {
    if (state.ok === null) return;
    if (state.ok) {
      form.reset();
      onView?.(state.data.view, null);
      return;
    }
    for (const [field, code] of Object.entries(state.fieldErrors)) form.setError(field as Path<T>, { message: code });
    for (const field of opts.clearOnError ?? []) form.setValue(field, '' as never);
    if (state.view && state.view.step !== step) onView?.(state.view, state.formError);
    else if (state.view) onView?.(state.view, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to each answer of the server once
  }, [state]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    const el = e.currentTarget;
    if (pending) {
      e.preventDefault();
      return;
    }
    void form.handleSubmit((values) => {
      setSubmits((n) => n + 1);
      if (!live) {
        setPreviewed((n) => n + 1);
        props.onPreviewSubmit?.(values);
        return;
      }
      startTransition(() => formAction(new FormData(el)));
    })(e);
  }

  const formError: RecoveryError | null =
    state.ok === false
      ? state.formError && state.formError.code !== 'invalid_input'
        ? state.formError
        : null
      : state.ok === null
        ? (props.flash ?? null)
        : null;

  /** The error beside a field: the browser's check, else the server's (also after a post without JavaScript). */
  function fieldError(name: Path<T>): string | undefined {
    const own = form.formState.errors[name]?.message;
    if (typeof own === 'string') return own;
    return state.ok === false && !form.formState.isDirty ? state.fieldErrors[name] : undefined;
  }

  return {
    form,
    state,
    pending,
    previewed,
    formError,
    formErrorKey: submits,
    fieldError,
    formProps: { action: live ? formAction : undefined, onSubmit, noValidate: true },
  };
}
