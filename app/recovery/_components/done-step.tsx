'use client';

import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { formatDateTime } from './format';
import { SignalRevokedPasskeys } from './signal-passkeys';
import { StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';

/** Step 6: 受付番号, what changed, how to delete the passkey from the phone, 「ログイン画面へ」. */
export function DoneStep(props: StepProps<'done'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale].done;
  return (
    <StepFrame step="done" locale={locale} mode={mode} title={t.title}>
      <dl className={styles.reference}>
        <dt>{t.referenceLabel}</dt>
        <dd className={styles.referenceNumber} data-testid="reference-number">{view.result.referenceNumber}</dd>
        <dd className="small muted">{t.completedAt}：{formatDateTime(view.result.completedAt, locale)}</dd>
      </dl>
      <p className="small">{t.referenceNote}</p>
      <h2>{t.changedTitle}</h2>
      <ul className={styles.list}>
        <li>{t.revoked(view.result.revokedPasskeys)}</li>
        <li>{t.passwordOn}</li>
        <li>{t.loggedOut}</li>
        <li>{t.emailed}</li>
      </ul>
      <div className="actions">
        <a href="/login" className="btn btn-primary btn-block">{t.toLogin}</a>
      </div>
      <section className={styles.deviceHelp} aria-labelledby="done-device">
        <h2 id="done-device">{t.deviceTitle}</h2>
        <p>{t.deviceLead}</p>
        <h3>{t.iphoneTitle}</h3>
        <p>{t.iphone}</p>
        <h3>{t.androidTitle}</h3>
        <p>{t.android}</p>
        <p className="small muted">{t.signalNote}</p>
      </section>
      <p className="small">{t.statusHint} <a href="/recovery/status">{t.statusLink}</a></p>
      {view.signal && <SignalRevokedPasskeys rpId={view.signal.rpId} userId={view.signal.userId} enabled={mode === 'live'} />}
    </StepFrame>
  );
}
