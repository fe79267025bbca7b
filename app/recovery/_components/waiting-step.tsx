'use client';

import { useEffect, useState } from 'react';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { formatDateTime } from './format';
import { StepFrame } from './step-frame';
import styles from './recovery.module.css';
import pw from './password.module.css';
import type { StepProps } from './types';

/** Whether `iso` has passed; checked again at that moment (never during render, so SSR and the browser agree). */
function usePassed(iso: string): boolean {
  const [passed, setPassed] = useState(false);
  useEffect(() => {
    const ms = Date.parse(iso) - Date.now();
    // setTimeout's delay is a 32-bit number: a wait longer than ~24 days is checked again on the next visit.
    const id = setTimeout(() => setPassed(true), Math.min(Math.max(0, ms), 2_000_000_000));
    return () => clearTimeout(id);
  }, [iso]);
  return passed;
}

/**
 * Password kind: the cooling-off wait after the first code. The 受付番号 (large, copyable), when the
 * customer may come back (clock time, Japan time), what happens next, and the not-me route.
 */
export function WaitingStep(props: StepProps<'waiting'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryPasswordMessages[locale].waiting;
  const resumeAt = formatDateTime(view.resumeAt, locale);
  const ready = usePassed(view.resumeAt);
  const [copied, setCopied] = useState(0);
  const [canCopy, setCanCopy] = useState(false);
  useEffect(() => {
    const id = setTimeout(() => setCanCopy(typeof navigator !== 'undefined' && !!navigator.clipboard), 0);
    return () => clearTimeout(id);
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(view.referenceNumber);
      setCopied((n) => n + 1);
    } catch {
      setCanCopy(false); // the number stays on screen to write down
    }
  }

  return (
    <StepFrame
      step="waiting"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead(resumeAt)}
      cancellable
      onView={props.onView}
    >
      <dl className={styles.reference}>
        <dt>{t.referenceLabel}</dt>
        <dd className={styles.referenceNumber} data-testid="reference-number">
          {view.referenceNumber}
        </dd>
        {canCopy && mode === 'live' && (
          <dd>
            <button type="button" className="btn btn-secondary" onClick={copy}>
              {t.copy}
            </button>
          </dd>
        )}
      </dl>
      <p className="small" role="status">
        {copied > 0 ? t.copied : ''}
      </p>
      <p>{t.referenceNote}</p>
      <dl className={pw.resumeAt}>
        <dt>{t.resumeAtLabel}</dt>
        <dd>
          <time dateTime={view.resumeAt} data-testid="resume-at">
            {resumeAt}
          </time>
        </dd>
      </dl>
      {ready && (
        <p className="alert alert-info" role="status">
          {t.ready}
        </p>
      )}
      <h2>{t.nextTitle}</h2>
      <ol className={styles.list}>
        {t.next(view.maskedEmail).map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <div className="actions">
        <a href="/recovery/resume" className={`btn ${ready ? 'btn-primary' : 'btn-secondary'} btn-block`}>
          {t.resume}
        </a>
      </div>
      <section aria-labelledby="waiting-not-me" className={styles.deviceHelp}>
        <h2 id="waiting-not-me">{t.notMeTitle}</h2>
        <p>{t.notMe}</p>
        <p>
          <a href="/recovery/not-me">{t.notMeLink}</a>
        </p>
      </section>
    </StepFrame>
  );
}
