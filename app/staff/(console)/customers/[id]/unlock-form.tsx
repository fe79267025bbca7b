'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { unlockSchema } from '@/lib/staff/schemas';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffUnlockMessages } from '@/lib/i18n/messages/staff-unlock';
import type { Locale } from '@/lib/i18n/types';
import { fieldMessage, formMessage } from '../../_ui/messages';
import { useStepUp } from '../../_ui/step-up';
import { unlockRecoveryAction } from './actions';

type In = z.input<typeof unlockSchema>;
type Out = z.output<typeof unlockSchema>;

/** 本人確認手続きのロック解除 (operator+). */
export function UnlockForm({ locale, customerId }: { locale: Locale; customerId: string }) {
  const t = { ...staffCommonMessages[locale], ...staffUnlockMessages[locale] };
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { run, dialog } = useStepUp(locale);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: zodResolver(unlockSchema),
    defaultValues: { customerId, reason: '' },
  });
  const onSubmit = async (values: Out) => {
    const res = await run(() => unlockRecoveryAction(values));
    if (res.ok) {
      setMessage({ ok: true, text: t.unlock.done });
      reset({ customerId, reason: '' });
      router.refresh();
      return;
    }
    if (res.fieldErrors.reason) setError('reason', { message: res.fieldErrors.reason });
    setMessage({ ok: false, text: formMessage(t, res.formError) });
  };
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={t.unlock.title}>
      <div
        role="status"
        aria-live="polite"
        className={message ? `alert ${message.ok ? 'alert-success' : 'alert-error'}` : undefined}
      >
        {message?.text}
      </div>
      <input type="hidden" {...register('customerId')} />
      <div className="field">
        <label htmlFor="unlock-reason">{t.unlock.reason}</label>
        <textarea
          id="unlock-reason"
          maxLength={500}
          aria-invalid={!!errors.reason}
          aria-describedby="unlock-reason-error"
          {...register('reason')}
        />
        <div id="unlock-reason-error" className="field-error" aria-live="polite">
          {fieldMessage(t, errors.reason?.message)}
        </div>
      </div>
      <button type="submit" className="btn btn-secondary" disabled={isSubmitting}>
        {t.unlock.submit}
      </button>
      {dialog}
    </form>
  );
}
