'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState, useTransition, type FormEvent } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { idle } from '@/lib/forms/action-state';
import type { PasswordStepState } from './password-step-state';
import type { RecoveryStep, StepProps } from './types';

type Action = (prev: PasswordStepState, form: FormData) => Promise<PasswordStepState>;

/**
 * One form step of the password kind. The <form> posts to its server action, so it works without
 * JavaScript (the page then renders the flow's next screen from the cookie). With JavaScript,
 * react-hook-form checks the same schema first and the same FormData goes to the same action; the
 * answer's screen replaces this one. In preview (staff console) nothing is sent.
 */
export function useFormStep<S extends RecoveryStep>(
  step: S,
  action: Action,
  props: Pick<StepProps<S>, 'mode' | 'onView' | 'onPreviewSubmit' | 'flash'>,
) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, idle);
  const [, startTransition] = useTransition();
  const [previewed, setPreviewed] = useState(0);
  const live = (props.mode ?? 'live') === 'live';
  const { onView } = props;

  useEffect(() => {
    if (state.ok === true) {
      if (onView) onView(state.data.view, null);
      else router.refresh();
    } else if (state.ok === false && state.view && state.view.step !== step) {
      onView?.(state.view, state.formError);
    }
  }, [state, onView, router, step]);

  /** The form's onSubmit: validate with react-hook-form, then post the form's own FormData to the action. */
  function enhance<T extends FieldValues>(form?: UseFormReturn<T>) {
    return (e: FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const el = e.currentTarget;
      if (pending) return;
      const send = () => {
        if (!live) {
          setPreviewed((n) => n + 1);
          props.onPreviewSubmit?.(Object.fromEntries(new FormData(el).entries()));
          return;
        }
        startTransition(() => formAction(new FormData(el)));
      };
      if (form) void form.handleSubmit(send)(e);
      else send();
    };
  }

  const refused = state.ok === false ? state : null;
  const formError = refused
    ? refused.formError?.code === 'invalid_input'
      ? null
      : refused.formError
    : (props.flash ?? null);
  /** What FormStep needs: the form's props (validated by `form` when given) and its state. */
  const formState = <T extends FieldValues>(form?: UseFormReturn<T>) => ({
    formProps: { action: live ? formAction : undefined, onSubmit: enhance(form), noValidate: true },
    formError,
    formErrorKey: refused?.n ?? 0,
    pending,
    previewed,
  });
  return {
    formState,
    state,
    formAction,
    enhance,
    pending,
    live,
    previewed,
    formError,
    formErrorKey: refused?.n ?? 0,
    fieldErrors: refused?.fieldErrors ?? {},
    values: refused?.values ?? {},
  };
}
