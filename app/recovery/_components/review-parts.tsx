'use client';

import type { UseFormRegisterReturn } from 'react-hook-form';
import { recoveryReview } from '@/lib/i18n/messages/recovery-review';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryView } from '@/lib/recovery/types';
import { formatDate } from './format';
import { fieldErrorText } from './messages';
import styles from './recovery.module.css';

type Passkey = Extract<RecoveryView, { step: 'review' }>['passkeys'][number];

/** The review's list of the passkeys that will be revoked (both kinds), or `none` when there are none. */
export function PasskeyList({ passkeys, locale, none }: { passkeys: Passkey[]; locale: Locale; none: string }) {
  const t = recoveryReview[locale];
  if (passkeys.length === 0) return <p>{none}</p>;
  return (
    <ul className={styles.passkeys} data-testid="review-passkeys">
      {passkeys.map((p, i) => (
        <li key={`${p.nickname}-${i}`} className={styles.passkey}>
          <p className={styles.passkeyName}>{p.nickname}</p>
          <dl>
            <dt>{t.authenticator}</dt>
            <dd>{p.authenticator}</dd>
            <dt>{t.created}</dt>
            <dd>
              <time dateTime={p.createdAt}>{formatDate(p.createdAt, locale)}</time>
            </dd>
            <dt>{t.lastUsed}</dt>
            <dd>
              {p.lastUsedAt ? <time dateTime={p.lastUsedAt}>{formatDate(p.lastUsedAt, locale)}</time> : t.neverUsed}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** What happens next, as the review lists it. */
export function WhatFollows({ title, items }: { title: string; items: readonly string[] }) {
  return (
    <>
      <h2>{title}</h2>
      <ul className={styles.list}>
        {items.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </>
  );
}

/** The review's consent checkbox (nothing changes without it) with its error beside it. */
export function ConsentField({
  label,
  locale,
  registration,
  error,
}: {
  label: string;
  locale: Locale;
  registration: UseFormRegisterReturn;
  error: string | undefined;
  name?: string;
}) {
  return (
    <div className={styles.consent}>
      <div className="check">
        <input
          id="recovery-confirm"
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby="recovery-confirm-error"
          {...registration}
        />
        <label htmlFor="recovery-confirm">{label}</label>
      </div>
      <div id="recovery-confirm-error" className="field-error" aria-live="polite">
        {fieldErrorText(locale, 'code', error ? 'confirm_required' : undefined)}
      </div>
    </div>
  );
}
