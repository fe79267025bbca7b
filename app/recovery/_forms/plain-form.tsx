'use client';

import { useActionState, useTransition, type FormEvent, type ReactNode } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { idle, type ActionState } from '@/lib/forms/action-state';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError } from '@/lib/recovery/types';
import type { PasswordFieldName } from '../_components/password-field';

type State<T, X extends object> = ActionState<T, RecoveryError, X>;

/**
 * A form of the password kind's pages (/recovery/login-id, /recovery/resume) posted to its server action:
 * a plain form post that works without JavaScript, checked in the browser first by `form` when it can.
 * `field(name)` gives a PasswordKindField its name, registration, error (the browser's, else the
 * server's) and the value typed before a refusal (`typed`).
 */
export function usePlainForm<T, X extends object, V extends FieldValues>(
  action: (prev: State<T, X>, data: FormData) => Promise<State<T, X>>,
  form: UseFormReturn<V>,
  locale: Locale,
  typed: (refused: Extract<State<T, X>, { ok: false }>) => Partial<Record<string, string>>,
) {
  const [state, formAction, pending] = useActionState(action, idle);
  const [, start] = useTransition();
  const refused = state.ok === false ? state : null;
  const error = refused?.formError && refused.formError.code !== 'invalid_input' ? refused.formError : null;
  const values = refused ? typed(refused) : {};
  const { errors } = form.formState;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    if (pending) return;
    void form.handleSubmit(() => start(() => formAction(new FormData(el))))(e);
  };
  const field = <K extends PasswordFieldName & Path<V>>(name: K) => ({
    name,
    locale,
    registration: form.register(name),
    error: (errors[name]?.message as string | undefined) ?? refused?.fieldErrors[name],
    defaultValue: values[name],
  });
  return { state, formAction, pending, refused, error, onSubmit, field };
}

/** A refusal above the form; `n` (one more per refusal) makes a repeated refusal announce itself again. */
export function RecoveryErrorAlert({
  error,
  n,
  children,
}: {
  error: RecoveryError | null;
  n?: number;
  children: ReactNode;
}) {
  if (!error) return null;
  return (
    <div key={n} className="alert alert-error" role="alert" data-testid="recovery-error" data-code={error.code}>
      {children}
    </div>
  );
}

/** The form's one button; while the action runs it says so and ignores presses (aria-disabled keeps focus). */
export function SubmitRow({
  pending,
  label,
  working,
  variant = 'primary',
}: {
  pending: boolean;
  label: string;
  working: string;
  variant?: 'primary' | 'danger';
}) {
  return (
    <div className="actions">
      <button type="submit" className={`btn btn-${variant} btn-block`} aria-disabled={pending || undefined}>
        {pending ? working : label}
      </button>
    </div>
  );
}
