'use client';

import { useEffect, useRef, useState, useTransition } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { actionError, type ActionResult } from '@/lib/forms/action-state';
import { recoveryErrorMessage } from '@/lib/i18n/messages/recovery-common';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError } from '@/lib/recovery/types';
import { TextField } from '../_components/text-field';
import { LOGIN_ID_INPUT } from '@/app/_ui/login-id-input';

/**
 * The lookups by login ID and a code (/recovery/not-me, /recovery/status): the action is called with the
 * checked values; its field errors go back on the fields, its answer to `onOk`; focus moves to the
 * result (`resultRef`) after each answer or refusal so a screen reader reads it.
 */
export function useLookupForm<V extends FieldValues, D>(
  form: UseFormReturn<V>,
  action: (values: V) => Promise<ActionResult<D, RecoveryError>>,
  onOk: (data: D) => void,
  onRefused: () => void = () => {},
) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<{ error: RecoveryError | null; n: number }>({ error: null, n: 0 });
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.n) resultRef.current?.focus();
  }, [state.n]);
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      const res = await action(values).catch(() => actionError<RecoveryError>({ code: 'unavailable' }));
      if (res.ok) {
        onOk(res.data);
        setState((s) => ({ error: null, n: s.n + 1 }));
        return;
      }
      Object.entries(res.fieldErrors).forEach(([k, v]) => form.setError(k as Path<V>, { message: v }));
      onRefused();
      setState((s) => ({ error: res.formError, n: res.formError ? s.n + 1 : s.n }));
    }),
  );
  return { pending, error: state.error, resultRef, onSubmit };
}

/** The refusal of a lookup, inside its live result region. */
export function LookupError({ error, locale }: { error: RecoveryError | null; locale: Locale }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {recoveryErrorMessage(error, locale)}
    </div>
  );
}

/** 「ログインID」 of a lookup form. */
export function LoginIdField<V extends FieldValues>({
  form,
  locale,
}: {
  form: UseFormReturn<V & { loginId: string }>;
  locale: Locale;
}) {
  return (
    <TextField
      name="loginId"
      locale={locale}
      registration={form.register('loginId' as Path<V & { loginId: string }>)}
      error={form.formState.errors.loginId?.message as string | undefined}
      {...LOGIN_ID_INPUT}
    />
  );
}
