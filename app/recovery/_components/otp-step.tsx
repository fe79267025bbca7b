'use client';

import { recoveryOtp } from '@/lib/i18n/messages/recovery-otp';
import { otpForm, type OtpInput } from '@/lib/recovery/form-schemas';
import { otpAction, resendOtpAction } from '../actions';
import { formatTime } from './format';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useHydrated, useSecondsUntil } from './use-now';
import { useStepForm } from './use-step-form';
import { useStepSubmit } from './use-step-submit';
import { StepSubmit } from './step-submit';

/** Step 4: 「確認コード」 sent to the masked address, the clock time it expires; 「コードを再送する」. */
export function OtpStep(props: StepProps<'otp'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryOtp[locale];
  const f = useStepForm<OtpInput>('otp', props, otpAction, { schema: otpForm, defaultValues: { code: '' } });
  const resend = useStepSubmit('otp', props, resendOtpAction);
  const hydrated = useHydrated();
  const wait = useSecondsUntil(view.otp.resendAvailableAt);
  // Without JavaScript nothing ticks: the button stays usable and the server says when to wait.
  const canResend = view.otp.sendsLeft > 0 && (!hydrated || wait === 0);
  const resent = resend.state.ok === true;
  return (
    <StepFrame
      step="otp"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead(view.maskedEmail)}
      expiresAt={view.expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert error={resend.formError ?? f.formError} n={f.formErrorKey + resend.formErrorKey} locale={locale} />
      {resent && !resend.formError && (
        <p key={resend.formErrorKey} className="alert alert-success" role="status">
          {t.resent}
        </p>
      )}
      {view.otp.deliversAt && (
        <p className="alert alert-info" role="status">
          {t.deliversAt(formatTime(view.otp.deliversAt, locale))}
        </p>
      )}
      <form {...f.formProps}>
        <TextField
          {...f.field('code')}
          locale={locale}
          hint={t.codeHint}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          inputClassName={styles.codeInput}
        />
        {view.otp.codeExpiresAt && (
          <p data-testid="otp-valid-until">
            {t.validUntil(formatTime(view.otp.codeExpiresAt, locale))}
            {view.otp.triesLeft < 3 && <> {t.triesLeft(view.otp.triesLeft)}</>}
          </p>
        )}
        <StepSubmit locale={locale} pending={f.pending} />
      </form>
      <form {...resend.formProps} className={styles.resend}>
        <button type="submit" className="btn btn-secondary" disabled={!canResend || resend.pending}>
          {resend.pending ? t.resending : t.resend}
        </button>
        <p className="small">
          {view.otp.sendsLeft === 0
            ? t.noMoreSends
            : hydrated && wait > 0
              ? t.resendIn(wait)
              : t.sendsLeft(view.otp.sendsLeft)}
        </p>
        <p className="small">{t.notReceived}</p>
      </form>
      <PreviewNote locale={locale} shown={f.previewed + resend.previewed} />
    </StepFrame>
  );
}
