'use client';

import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { recoveryCommon, recoveryErrorMessage } from '@/lib/i18n/messages/recovery-common';
import type { Locale } from '@/lib/i18n/types';
import { PROGRESS_STEPS_BY_KIND, progressIndex, type RecoveryStep } from '@/lib/recovery/flow';
import { cancelRecoveryAction, extendRecoveryAction } from '../actions';
import { formatTime } from './format';
import styles from './recovery.module.css';
import type { FlowKind } from '@/lib/recovery/types';
import type { RecoveryError, RecoveryMode, RecoveryView, StepProps } from './types';
import { useHydrated, useSecondsUntil } from './use-now';
import { useStepSubmit } from './use-step-submit';

/**
 * Whether a newly shown step takes focus. RecoveryFlow turns it on after the first screen (a page load
 * keeps the browser's own focus); previews leave it off, so a staff page never has its focus stolen.
 */
export const StepFocusContext = createContext(false);

/** The kind of the flow on screen (RecoveryFlow provides it), for the screen the clock turns to when time is up. */
export const FlowKindContext = createContext<FlowKind>('passkey');

/** The article that explains each screen (「この画面について」, docs/design.md#steps). */
export const HELP_SLUGS: Record<RecoveryStep, string> = {
  intro: 'recovery-what-to-prepare',
  credentials: 'passkey-remove-recovery',
  secret_question: 'recovery-secret-question',
  account_data: 'account-branch-code',
  otp: 'recovery-code-not-received',
  review: 'passkey-remove-recovery',
  done: 'passkey-delete-from-device',
  expired: 'passkey-remove-recovery',
  locked: 'recovery-locked',
  cancelled: 'passkey-remove-recovery',
  credentials_pin: 'passkey-remove-recovery',
  waiting: 'passkey-remove-recovery',
  new_password: 'passkey-remove-recovery',
};

/** The remaining time is a warning from this many seconds before the end (docs/design.md#steps). */
export const WARN_SECONDS = 120;

export function StepIndicator({ step, locale }: { step: RecoveryStep; locale: Locale }) {
  const t = recoveryCommon[locale];
  // The steps of the flow's own kind: the forgotten-password flow has seven, the passkey flow five.
  const kind = useContext(FlowKindContext);
  const steps = PROGRESS_STEPS_BY_KIND[kind];
  const n = progressIndex(step, kind);
  if (n < 1) return null;
  const total = steps.length;
  const label = n > total ? t.stepDone : t.stepLabels[steps[n - 1] as keyof typeof t.stepLabels];
  return (
    <div className={styles.progress}>
      <p className={styles.progressText} data-testid="recovery-progress">
        {n > total ? t.stepDone : t.stepOf(n, total, label)}
      </p>
      <ol className={styles.progressBar} aria-hidden="true">
        {steps.map((s, i) => (
          <li key={s} className={i + 1 < n ? styles.segDone : i + 1 === n ? styles.segCurrent : undefined}>
            <span className={styles.segLabel}>{t.stepLabels[s as keyof typeof t.stepLabels]}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The error of the last submit, announced (role=alert); re-keyed so the same message is read again. */
export function FormAlert({ error, locale, n }: { error: RecoveryError | null; locale: Locale; n: number }) {
  if (!error) return null;
  const t = recoveryCommon[locale];
  const attempts =
    error.code === 'verification_failed' && error.attemptsLeft > 0 && error.attemptsLeft < 5
      ? t.attemptsLeft(error.attemptsLeft)
      : '';
  return (
    <div key={n} className="alert alert-error" role="alert" data-testid="recovery-error" data-code={error.code}>
      <p style={{ margin: 0 }}>{recoveryErrorMessage(error, locale)}</p>
      {attempts && (
        <p style={{ margin: 0 }} data-testid="attempts-left">
          {attempts}
        </p>
      )}
    </div>
  );
}

type FrameProps = {
  step: RecoveryStep;
  locale: Locale;
  mode: RecoveryMode;
  title: string;
  children: ReactNode;
  lead?: ReactNode;
  expiresAt?: string;
  /** Live steps offer 「手続きをやめる」. */
  cancellable?: boolean;
  onView?: (view: RecoveryView, flash?: RecoveryError | null) => void;
};

/**
 * Every screen of the flow: step indicator, the time left (with 「時間を延長する」), the heading that takes focus
 * when the step appears, the content, then 「この画面について」 and the way out.
 */
export function StepFrame({ step, locale, mode, title, lead, children, expiresAt, cancellable, onView }: FrameProps) {
  const t = recoveryCommon[locale];
  const heading = useRef<HTMLHeadingElement>(null);
  const focusOnMount = useContext(StepFocusContext);
  useEffect(() => {
    // Focus follows the step (docs/design.md#steps).
    if (focusOnMount && mode === 'live') heading.current?.focus();
  }, [focusOnMount, mode]);
  return (
    <section
      className={`${styles.screen} ${styles.card}`}
      aria-labelledby="recovery-step-title"
      data-step={step}
      data-mode={mode}
    >
      <StepIndicator step={step} locale={locale} />
      {expiresAt && <FlowClock step={step} expiresAt={expiresAt} locale={locale} mode={mode} onView={onView} />}
      <h1 id="recovery-step-title" ref={heading} tabIndex={-1} className={styles.title}>
        {title}
      </h1>
      {lead && <p className={styles.lead}>{lead}</p>}
      {children}
      <div className={styles.meta}>
        <p>
          <a className={styles.helpLink} href={`/help/${HELP_SLUGS[step]}`} target="_blank" rel="noopener">
            {t.helpLink}
            <span className={styles.newTab}>{t.newTab}</span>
          </a>
        </p>
        {cancellable && <CancelFlow step={step} locale={locale} mode={mode} onView={onView} />}
      </div>
    </section>
  );
}

function remainingText(seconds: number, locale: Locale): string {
  const t = recoveryCommon[locale].time;
  // Whole minutes, rounded down: the customer is never told there is more time than there is.
  if (seconds > WARN_SECONDS) return t.minutes(Math.floor(seconds / 60));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${t.minutes(m)}${locale === 'ja' ? '' : ' '}${s > 0 ? t.seconds(s) : ''}`.trim() : t.seconds(s);
}

/**
 * The flow's time left, under the step indicator (WCAG 2.2.1): the clock time it ends, the minutes left, a warning
 * two minutes before the end and 「時間を延長する」. Without JavaScript the end time and the button are always shown.
 */
function FlowClock({
  step,
  expiresAt,
  locale,
  mode,
  onView,
}: {
  step: RecoveryStep;
  expiresAt: string;
  locale: Locale;
  mode: RecoveryMode;
  onView?: FrameProps['onView'];
}) {
  const t = recoveryCommon[locale].time;
  const hydrated = useHydrated();
  const kind = useContext(FlowKindContext);
  const left = useSecondsUntil(expiresAt);
  const extend = useStepSubmit(step, { mode, onView }, extendRecoveryAction);
  const until = formatTime(expiresAt, locale);
  const warn = hydrated && left > 0 && left <= WARN_SECONDS;
  const ended = hydrated && left === 0;
  useEffect(() => {
    if (ended && mode === 'live') onView?.({ step: 'expired', kind }, null);
  }, [ended, mode, onView, kind]);
  const refused = extend.formError?.code === 'extend_limit';
  // 「延長しました」 until the warning is due again: then the warning comes back, before the new end too.
  const extendedNow = extend.state.ok === true && !warn;
  return (
    <div
      className={`${styles.clock} ${warn ? styles.clockWarn : ''}`}
      data-testid="flow-clock"
      data-expires-at={expiresAt}
      data-seconds-left={hydrated ? left : undefined}
    >
      <p className={styles.clockLine}>
        <span suppressHydrationWarning>{t.remaining(remainingText(left, locale), until)}</span>
      </p>
      {warn && (
        <p className={styles.clockAlert} role="alert">
          {t.warning}
        </p>
      )}
      {extendedNow && (
        <p className={styles.clockNote} role="status">
          {t.extended(until)}
        </p>
      )}
      {refused && (
        <p className={styles.clockNote} role="status">
          {t.noMore}
        </p>
      )}
      {(!hydrated || warn) && !refused && (
        <form {...extend.formProps} className={`${styles.clockForm} ${warn ? '' : styles.noScriptOnly}`}>
          <button type="submit" className="btn btn-secondary" aria-disabled={extend.pending || undefined}>
            {extend.pending ? t.extending : t.extend}
          </button>
        </form>
      )}
    </div>
  );
}

/** 「手続きをやめる」: a disclosure, then a form (works without JavaScript). Nothing changes but the flow's end. */
function CancelFlow({
  step,
  locale,
  mode,
  onView,
}: {
  step: RecoveryStep;
  locale: Locale;
  mode: RecoveryMode;
  onView?: FrameProps['onView'];
}) {
  const t = recoveryCommon[locale].cancel;
  const details = useRef<HTMLDetailsElement>(null);
  const cancel = useStepSubmit(step, { mode, onView }, cancelRecoveryAction);
  return (
    <details ref={details} className={styles.cancelBox}>
      <summary className={styles.cancelOpen}>{t.open}</summary>
      <div className={styles.cancelConfirm} role="group" aria-labelledby={`recovery-cancel-q-${step}`}>
        <p id={`recovery-cancel-q-${step}`}>
          <strong>{t.question}</strong>
        </p>
        <p>{t.body}</p>
        <form {...cancel.formProps} className={styles.cancelButtons}>
          <button type="button" className="btn btn-secondary" onClick={() => details.current?.removeAttribute('open')}>
            {t.keep}
          </button>
          <button type="submit" className="btn btn-link" aria-disabled={cancel.pending || undefined}>
            {t.confirm}
          </button>
        </form>
      </div>
    </details>
  );
}

export function PreviewNote({ locale, shown }: { locale: Locale; shown: number }) {
  if (!shown) return null;
  return (
    <p key={shown} className={`alert alert-info ${styles.previewNote}`} role="status">
      {recoveryCommon[locale].previewNotice}
    </p>
  );
}

export type { StepProps };
