'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { recoveryErrorMessage, recoveryMessages } from '@/lib/i18n/messages/recovery';
import type { Locale } from '@/lib/i18n/types';
import { PROGRESS_STEPS, progressIndex, type RecoveryStep } from '@/lib/recovery/flow';
import { cancelRecoveryAction } from '../actions';
import { formatTime } from './format';
import styles from './recovery.module.css';
import type { RecoveryError, RecoveryMode, RecoveryView } from './types';

/**
 * Whether a newly shown step takes focus. RecoveryFlow turns it on after the first screen (a page load
 * keeps the browser's own focus); previews leave it off, so a staff page never has its focus stolen.
 */
export const StepFocusContext = createContext(false);

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

export function StepIndicator({ step, locale }: { step: RecoveryStep; locale: Locale }) {
  const t = recoveryMessages[locale];
  const n = progressIndex(step);
  if (n < 1) return null;
  const total = PROGRESS_STEPS.length;
  const label = n > total ? t.stepDone : t.stepLabels[PROGRESS_STEPS[n - 1]];
  return (
    <div className={styles.progress}>
      <p className={styles.progressText} data-testid="recovery-progress">
        {n > total ? t.stepDone : t.stepOf(n, total, label)}
      </p>
      <ol className={styles.progressBar} aria-hidden="true">
        {PROGRESS_STEPS.map((s, i) => (
          <li key={s} className={i + 1 < n ? styles.segDone : i + 1 === n ? styles.segCurrent : undefined}>
            <span className={styles.segLabel}>{t.stepLabels[s]}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The error of the last submit, announced (role=alert); re-keyed so the same message is read again. */
export function FormAlert({ error, locale, n }: { error: RecoveryError | null; locale: Locale; n: number }) {
  if (!error) return null;
  const t = recoveryMessages[locale];
  const attempts = error.code === 'verification_failed' && error.attemptsLeft > 0 && error.attemptsLeft < 5 ? t.attemptsLeft(error.attemptsLeft) : '';
  return (
    <div key={n} className="alert alert-error" role="alert" data-testid="recovery-error" data-code={error.code}>
      <p style={{ margin: 0 }}>{recoveryErrorMessage(error, locale)}</p>
      {attempts && <p style={{ margin: 0 }}>{attempts}</p>}
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
 * Every screen of the flow: step indicator, the heading that takes focus when the step appears, the
 * content, then 「この画面について」, the lifetime of the flow and the way out.
 */
export function StepFrame({ step, locale, mode, title, lead, children, expiresAt, cancellable, onView }: FrameProps) {
  const t = recoveryMessages[locale];
  const heading = useRef<HTMLHeadingElement>(null);
  const focusOnMount = useContext(StepFocusContext);
  useEffect(() => {
    // Focus follows the step (docs/design.md#steps).
    if (focusOnMount && mode === 'live') heading.current?.focus();
  }, [focusOnMount, mode]);
  return (
    <section className={`${styles.screen} ${styles.card}`} aria-labelledby="recovery-step-title" data-step={step} data-mode={mode}>
      <StepIndicator step={step} locale={locale} />
      <h1 id="recovery-step-title" ref={heading} tabIndex={-1} className={styles.title}>{title}</h1>
      {lead && <p className={styles.lead}>{lead}</p>}
      {children}
      <div className={styles.meta}>
        <p>
          <a className={styles.helpLink} href={`/help/${HELP_SLUGS[step]}`} target="_blank" rel="noopener">
            {t.helpLink}<span className={styles.newTab}>{t.newTab}</span>
          </a>
        </p>
        {expiresAt && <p className={styles.expiry}>{t.expiresAt(formatTime(expiresAt, locale))}</p>}
        {cancellable && <CancelFlow locale={locale} mode={mode} onView={onView} />}
      </div>
    </section>
  );
}

function CancelFlow({ locale, mode, onView }: { locale: Locale; mode: RecoveryMode; onView?: FrameProps['onView'] }) {
  const t = recoveryMessages[locale].cancel;
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  async function cancel() {
    if (mode !== 'live') {
      setAsking(false);
      return;
    }
    setPending(true);
    try {
      const res = await cancelRecoveryAction();
      const view = res.ok ? res.data.view : res.view;
      if (view) onView?.(view, null);
    } finally {
      setPending(false);
    }
  }

  if (!asking) {
    return (
      <p className={styles.cancelBox}>
        <button type="button" className={`btn-link ${styles.cancelOpen}`} onClick={() => setAsking(true)}>{t.open}</button>
      </p>
    );
  }
  return (
    <div className={styles.cancelConfirm} role="group" aria-labelledby="recovery-cancel-q">
      <p id="recovery-cancel-q" ref={confirmRef} tabIndex={-1}><strong>{t.question}</strong></p>
      <p>{t.body}</p>
      <div className={styles.cancelButtons}>
        <button type="button" className="btn btn-secondary" onClick={() => setAsking(false)} disabled={pending}>{t.keep}</button>
        <button type="button" className="btn btn-link" onClick={cancel} disabled={pending}>{t.confirm}</button>
      </div>
    </div>
  );
}

export function PreviewNote({ locale, shown }: { locale: Locale; shown: number }) {
  if (!shown) return null;
  return <p key={shown} className={`alert alert-info ${styles.previewNote}`} role="status">{recoveryMessages[locale].previewNotice}</p>;
}
