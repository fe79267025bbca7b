'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import type { FormEvent } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from 'react-hook-form';
import type { z } from 'zod/mini';
import type { RecoveryStep, StepAction, StepProps } from './types';
import { useStepSubmit } from './use-step-submit';

type Options<T extends FieldValues> = {
  /** The form's client schema from lib/recovery/schemas.ts (zod/mini: the same fields the server action parses). */
  schema: z.ZodMiniType;
  defaultValues: DefaultValues<T>;
  /** Fields emptied after a refusal (the password: it is never kept on screen after a failed try). */
  clearOnError?: Path<T>[];
};

/**
 * One step's form with fields (docs/design.md#steps): useStepSubmit's real <form> posting to the step's server
 * action, and when JavaScript runs, react-hook-form checks the form's schema first.
 *
 *   const f = useStepForm('otp', props, otpAction, { schema: otpForm, defaultValues: { code: '' } });
 *   <form {...f.formProps}> <TextField registration={f.form.register('code')} error={f.fieldError('code')} /> </form>
 */
export function useStepForm<T extends FieldValues>(
  step: RecoveryStep,
  props: Pick<StepProps<RecoveryStep>, 'mode' | 'onView' | 'onPreviewSubmit' | 'flash'>,
  action: StepAction,
  opts: Options<T>,
) {
  const form = useForm<T>({
    resolver: zodResolver(opts.schema as never) as unknown as Resolver<T>,
    defaultValues: opts.defaultValues,
  });
  const submit = useStepSubmit(step, props, action, (state) => {
    if (state.ok) {
      form.reset();
      return;
    }
    for (const [field, code] of Object.entries(state.fieldErrors)) form.setError(field as Path<T>, { message: code });
    for (const field of opts.clearOnError ?? []) form.setValue(field, '' as never);
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    const el = e.currentTarget;
    if (submit.pending) {
      e.preventDefault();
      return;
    }
    void form.handleSubmit((values) => submit.send(el, values))(e);
  }

  /** The error beside a field: the browser's check, else the server's (also after a post without JavaScript). */
  function fieldError(name: Path<T>): string | undefined {
    const own = form.formState.errors[name]?.message;
    if (typeof own === 'string') return own;
    return submit.state.ok === false && !form.formState.isDirty ? submit.state.fieldErrors[name] : undefined;
  }

  /** A field's props for TextField (and ConsentField): its name, registration and error. */
  const field = <N extends Path<T>>(name: N) => ({ name, registration: form.register(name), error: fieldError(name) });

  return { ...submit, form, fieldError, field, formProps: { ...submit.formProps, onSubmit } };
}
