'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { otpSchema, type OtpInput } from '@/lib/recovery/schemas';
import { otpAction, resendOtpAction } from '../actions';
import { formatTime } from './format';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';
import { StepSubmit, fieldErrorsInto } from './step-submit';

/** Seconds until `iso`, ticking once a second (0 when past or null). */
function useSecondsUntil(iso: string | null): number {
  const target = iso ? Date.parse(iso) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!target || target <= Date.now()) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [target]);
  return target ? Math.max(0, Math.ceil((target - now) / 1000)) : 0;
}

/** Step 4: 「確認コード」 sent to the masked address; 「コードを再送する」. */
export function OtpStep(props: StepProps<'otp'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale];
  const action = useStepAction('otp', props);
  const resend = useStepAction('otp', props);
  const [resent, setResent] = useState(0);
  const form = useForm<OtpInput>({ resolver: zodResolver(otpSchema), defaultValues: { code: '' } });
  const wait = useSecondsUntil(view.otp.resendAvailableAt);
  const onSubmit = form.handleSubmit((values) => action.submit(() => otpAction(values), {}, {
    onFieldErrors: fieldErrorsInto(form),
    onOk: () => form.reset(),
  }));
  const canResend = view.otp.sendsLeft > 0 && wait === 0;
  return (
    <StepFrame step="otp" locale={locale} mode={mode} title={t.otp.title} lead={t.otp.lead(view.maskedEmail)}
      expiresAt={view.expiresAt} cancellable onView={props.onView}>
      <FormAlert error={resend.formError ?? action.formError} n={action.formErrorKey + resend.formErrorKey} locale={locale} />
      {resent > 0 && !resend.formError && <p key={resent} className="alert alert-success" role="status">{t.otp.resent}</p>}
      {view.otp.deliversAt && <p className="alert alert-info" role="status">{t.otp.deliversAt(formatTime(view.otp.deliversAt, locale))}</p>}
      <form onSubmit={onSubmit} noValidate>
        <TextField name="code" locale={locale} registration={form.register('code')} error={form.formState.errors.code?.message}
          hint={t.otp.codeHint} inputMode="numeric" autoComplete="one-time-code" maxLength={8} inputClassName={styles.codeInput} />
        {view.otp.codeExpiresAt && (
          <p className="small muted">
            {t.otp.validUntil(formatTime(view.otp.codeExpiresAt, locale))}
            {view.otp.triesLeft < 3 && <> {t.otp.triesLeft(view.otp.triesLeft)}</>}
          </p>
        )}
        <StepSubmit locale={locale} pending={action.pending} />
      </form>
      <div className={styles.resend}>
        <button type="button" className="btn btn-secondary" disabled={!canResend || resend.pending}
          onClick={() => resend.submit(() => resendOtpAction(), {}, { onOk: () => setResent((n) => n + 1) })}>
          {resend.pending ? t.otp.resending : t.otp.resend}
        </button>
        <p className="small muted">
          {view.otp.sendsLeft === 0 ? t.otp.noMoreSends : wait > 0 ? t.otp.resendIn(wait) : t.otp.sendsLeft(view.otp.sendsLeft)}
        </p>
        <p className="small muted">{t.otp.notReceived}</p>
      </div>
      <PreviewNote locale={locale} shown={action.previewed + resend.previewed} />
    </StepFrame>
  );
}
