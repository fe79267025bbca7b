'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { recoveryPages } from '@/lib/i18n/messages/recovery-pages';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryStatus } from '@/lib/recovery/status';
import { statusLookupSchema, type StatusLookupInput } from '@/lib/recovery/schemas';
import { formatDateTime } from '../_components/format';
import { TextField } from '../_components/text-field';
import { LoginIdField, LookupError, useLookupForm } from '../_forms/lookup-form';
import { lookupStatusAction } from './actions';

export function StatusForm({ locale }: { locale: Locale }) {
  const t = { ...recoveryCommon[locale], ...recoveryPages[locale] };
  const [s, setStatus] = useState<RecoveryStatus | null>(null);
  const form = useForm<StatusLookupInput>({
    resolver: zodResolver(statusLookupSchema),
    defaultValues: { loginId: '', referenceNumber: '' },
  });
  const { errors } = form.formState;
  const { pending, error, resultRef, onSubmit } = useLookupForm(form, lookupStatusAction, setStatus, () =>
    setStatus(null),
  );
  return (
    <>
      <form onSubmit={onSubmit} noValidate>
        <LoginIdField form={form} locale={locale} />
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
        <LookupError error={error} locale={locale} />
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
