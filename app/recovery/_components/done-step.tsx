'use client';

import { recoveryDone } from '@/lib/i18n/messages/recovery-done';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { formatDateTime } from './format';
import { SignalRevokedPasskeys } from './signal-passkeys';
import { StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';

/** Step 6: 受付番号, what changed, how to delete the passkey from the phone (listed under our domain), 「ログイン画面へ」. */
export function DoneStep(props: StepProps<'done'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryDone[locale];
  const domain = view.signal?.rpId;
  return (
    <StepFrame step="done" locale={locale} mode={mode} title={t.title}>
      <dl className={styles.reference}>
        <dt>{t.referenceLabel}</dt>
        <dd className={styles.referenceNumber} data-testid="reference-number">
          {view.result.referenceNumber}
        </dd>
        <dd>
          {t.completedAt}
          {formatDateTime(view.result.completedAt, locale)}
        </dd>
      </dl>
      <p>{t.referenceNote}</p>
      {view.result.passwordChanged && (
        <p className="alert alert-success">{recoveryPasswordMessages[locale].done.passwordChanged}</p>
      )}
      <h2>{t.changedTitle}</h2>
      <ul className={styles.list}>
        <li>{t.revoked(view.result.revokedPasskeys)}</li>
        <li>{t.passwordOn}</li>
        <li>{t.loggedOut}</li>
        <li>{t.emailed}</li>
      </ul>
      <div className="actions">
        <a href="/login" className="btn btn-primary btn-block">
          {t.toLogin}
        </a>
      </div>
      <section className={styles.deviceHelp} aria-labelledby="done-device">
        <h2 id="done-device">{t.deviceTitle}</h2>
        <p>{t.deviceLead}</p>
        {domain && (
          <p>
            <strong>{t.domain(domain)}</strong>
          </p>
        )}
        <h3>{t.iphoneTitle}</h3>
        <p>{t.iphone}</p>
        <p>{t.iphoneOld}</p>
        <h3>{t.androidTitle}</h3>
        <p>{t.android}</p>
        <p>{t.androidChrome}</p>
        <p>{t.once}</p>
        <p className="small">{t.signalNote}</p>
      </section>
      <p>
        {t.statusHint} <a href="/recovery/status">{t.statusLink}</a>
      </p>
      {view.signal && (
        <SignalRevokedPasskeys rpId={view.signal.rpId} userId={view.signal.userId} enabled={mode === 'live'} />
      )}
    </StepFrame>
  );
}
