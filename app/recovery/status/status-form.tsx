'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRef, useState, useTransition, useEffect } from 'react';
import { actionError } from '@/lib/forms/action-state';
import { useForm } from 'react-hook-form';
import { recoveryErrorMessage, recoveryMessages } from '@/lib/i18n/messages/recovery';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryStatus } from '@/lib/recovery/status';
import type { RecoveryError } from '@/lib/recovery/types';
import { statusLookupSchema, type StatusLookupInput } from '@/lib/recovery/schemas';
import { formatDateTime } from '../_components/format';
import { TextField } from '../_components/text-field';
import { lookupStatusAction } from './actions';

export function StatusForm({ locale }: { locale: Locale }) {
  const t = recoveryMessages[locale];
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ status: RecoveryStatus | null; error: RecoveryError | null; n: number }>({
    status: null,
    error: null,
    n: 0,
  });
  const resultRef = useRef<HTMLDivElement>(null);
  const form = useForm<StatusLookupInput>({
    resolver: zodResolver(statusLookupSchema),
    defaultValues: { loginId: '', referenceNumber: '' },
  });
  const { errors } = form.formState;
  useEffect(() => {
    if (result.n) resultRef.current?.focus();
  }, [result.n]);
  const onSubmit = form.handleSubmit((values) =>
    start(async () => {
      const res = await lookupStatusAction(values).catch(() => actionError<RecoveryError>({ code: 'unavailable' }));
      if (res.ok) setResult((r) => ({ status: res.data, error: null, n: r.n + 1 }));
      else {
        Object.entries(res.fieldErrors).forEach(([k, v]) =>
          form.setError(k as keyof StatusLookupInput, { message: v }),
        );
        setResult((r) => ({ status: null, error: res.formError, n: res.formError ? r.n + 1 : r.n }));
      }
    }),
  );
  const s = result.status;
  return (
    <>
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
          name="referenceNumber"
          locale={locale}
          registration={form.register('referenceNumber')}
          error={errors.referenceNumber?.message}
          hint={t.status.referenceHint}
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={24}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block" disabled={pending}>
            {pending ? t.working : t.status.submit}
          </button>
        </div>
      </form>
      <div
        ref={resultRef}
        tabIndex={-1}
        aria-live="polite"
        data-testid="status-result"
        style={{ marginTop: 'var(--space-4)' }}
      >
        {result.error && (
          <div className="alert alert-error" role="alert">
            {recoveryErrorMessage(result.error, locale)}
          </div>
        )}
        {s && !s.found && <div className="alert alert-info">{t.status.notFound}</div>}
        {s && s.found && (
          <div className="alert alert-success">
            <strong>{t.status.foundTitle}</strong>
            <dl className="kv">
              <dt>{t.status.when}</dt>
              <dd>{formatDateTime(s.completedAt, locale)}</dd>
              <dt>{t.status.what}</dt>
              <dd>
                {s.kind === 'recovery' ? t.status.kindRecovery : t.status.kindStaff}
                <br />
                {t.status.result(s.revokedPasskeys)}
              </dd>
            </dl>
          </div>
        )}
      </div>
    </>
  );
}
