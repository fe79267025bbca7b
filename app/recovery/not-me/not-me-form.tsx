'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { recoveryEnded } from '@/lib/i18n/messages/recovery-ended';
import { recoveryPages } from '@/lib/i18n/messages/recovery-pages';
import type { Locale } from '@/lib/i18n/types';
import { notMeSchema, type NotMeInput } from '@/lib/recovery/schemas';
import { TextField } from '../_components/text-field';
import { LoginIdField, LookupError, useLookupForm } from '../_forms/lookup-form';
import { notMeAction } from './actions';

export function NotMeForm({ locale, supportPhone }: { locale: Locale; supportPhone: string }) {
  const t = { ...recoveryCommon[locale], ...recoveryEnded[locale], ...recoveryPages[locale] };
  const [accepted, setAccepted] = useState(false);
  const form = useForm<NotMeInput>({
    resolver: zodResolver(notMeSchema),
    defaultValues: { loginId: '', lockCode: '' },
  });
  const { errors } = form.formState;
  const { pending, error, resultRef, onSubmit } = useLookupForm(
    form,
    notMeAction,
    () => {
      form.reset();
      setAccepted(true);
    },
    () => setAccepted(false),
  );
  return (
    <>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" data-testid="not-me-result">
        <LookupError error={error} locale={locale} />
        {accepted && (
          <div className="alert alert-success">
            <p style={{ margin: 0 }}>{t.notMe.accepted}</p>
            <p style={{ margin: 0 }}>{t.notMe.next}</p>
            <p style={{ margin: 0 }}>{t.locked.phone(supportPhone)}</p>
          </div>
        )}
      </div>
      {!accepted && (
        <form onSubmit={onSubmit} noValidate>
          <LoginIdField form={form} locale={locale} />
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
