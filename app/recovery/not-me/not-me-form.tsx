'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, useTransition } from 'react';
import { actionError } from '@/lib/forms/action-state';
import { useForm } from 'react-hook-form';
import { recoveryErrorMessage, recoveryMessages } from '@/lib/i18n/messages/recovery';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError } from '@/lib/recovery/types';
import { notMeSchema, type NotMeInput } from '@/lib/recovery/schemas';
import { TextField } from '../_components/text-field';
import { notMeAction } from './actions';

export function NotMeForm({ locale, supportPhone }: { locale: Locale; supportPhone: string }) {
  const t = recoveryMessages[locale];
  const [pending, start] = useTransition();
  const [state, setState] = useState<{ accepted: boolean; error: RecoveryError | null; n: number }>({
    accepted: false,
    error: null,
    n: 0,
  });
  const resultRef = useRef<HTMLDivElement>(null);
  const form = useForm<NotMeInput>({
    resolver: zodResolver(notMeSchema),
    defaultValues: { loginId: '', lockCode: '' },
  });
  const { errors } = form.formState;
  useEffect(() => {
    if (state.n) resultRef.current?.focus();
  }, [state.n]);
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      const res = await notMeAction(values).catch(() => actionError<RecoveryError>({ code: 'unavailable' }));
      if (res.ok) {
        form.reset();
        setState((s) => ({ accepted: true, error: null, n: s.n + 1 }));
      } else {
        Object.entries(res.fieldErrors).forEach(([k, v]) => form.setError(k as keyof NotMeInput, { message: v }));
        setState((s) => ({ accepted: false, error: res.formError, n: res.formError ? s.n + 1 : s.n }));
      }
    }),
  );
  return (
    <>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" data-testid="not-me-result">
        {state.error && (
          <div className="alert alert-error" role="alert">
            {recoveryErrorMessage(state.error, locale)}
          </div>
        )}
        {state.accepted && (
          <div className="alert alert-success">
            <p style={{ margin: 0 }}>{t.notMe.accepted}</p>
            <p style={{ margin: 0 }}>{t.notMe.next}</p>
            <p style={{ margin: 0 }}>{t.locked.phone(supportPhone)}</p>
          </div>
        )}
      </div>
      {!state.accepted && (
        <form onSubmit={onSubmit} noValidate>
          <TextField
            name="loginId"
            locale={locale}
            registration={form.register('loginId')}
            error={errors.loginId?.message}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
          />
          <TextField
            name="lockCode"
            locale={locale}
            registration={form.register('lockCode')}
            error={errors.lockCode?.message}
            hint={t.notMe.lockCodeHint}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={12}
          />
          <div className="alert alert-warn">
            <p style={{ margin: 0 }}>{t.notMe.warn}</p>
          </div>
          <div className="actions">
            <button type="submit" className="btn btn-danger btn-block" disabled={pending}>
              {pending ? t.working : t.notMe.submit}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
