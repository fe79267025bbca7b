'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { registrationFinishAction, registrationOptionsAction } from './actions';
import { isStepUpCode, useStepUp } from './step-up';
import { accountMessages } from '@/lib/i18n/messages/account';
import type { Locale } from '@/lib/i18n/types';
import styles from './security.module.css';

/**
 * Creating a passkey. Under the exclusive policy the first one switches ID/password login off
 * everywhere, so the customer reads that in plain words and confirms first.
 */
export function AddPasskey({ locale, needsConfirmation }: { locale: Locale; needsConfirmation: boolean }) {
  const t = accountMessages[locale];
  const router = useRouter();
  const askStepUp = useStepUp();
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [understood, setUnderstood] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const headingId = useId();

  async function create() {
    setMessage(null);
    if (typeof window.PublicKeyCredential === 'undefined') {
      setMessage({ kind: 'error', text: t.unsupported });
      return;
    }
    setStage('busy');
    try {
      const { startRegistration } = await import('@simplewebauthn/browser');
      // The server asks for a step-up first; one that expires between the options and the finish asks again.
      for (let round = 0; round < 3; round++) {
        const opts = await registrationOptionsAction();
        if (!opts.ok) {
          if (isStepUpCode(opts.formError) && (await askStepUp(opts.formError))) continue;
          if (opts.formError === 'unauthorized') router.push('/login');
          else if (!isStepUpCode(opts.formError)) setMessage({ kind: 'error', text: t.failed });
          return;
        }
        let response;
        try {
          response = await startRegistration({ optionsJSON: opts.data.options });
        } catch {
          setMessage({ kind: 'error', text: t.cancelled });
          return;
        }
        const res = await registrationFinishAction({
          challengeId: opts.data.challengeId,
          response: JSON.stringify(response),
        });
        if (!res.ok && isStepUpCode(res.formError)) {
          if (await askStepUp(res.formError)) continue;
          return;
        }
        if (res.ok) {
          setMessage({ kind: 'success', text: t.added });
          router.refresh();
        } else {
          setMessage({
            kind: 'error',
            text: res.formError === 'verification_failed' ? t.verificationFailed : t.failed,
          });
        }
        return;
      }
    } catch {
      setMessage({ kind: 'error', text: t.failed });
    } finally {
      setStage('idle');
      setUnderstood(false);
    }
  }

  return (
    <div>
      <div role="status" aria-live="polite" className={message ? `alert alert-${message.kind}` : undefined}>
        {message?.text}
      </div>
      {stage === 'confirm' ? (
        <section className={`alert alert-warn ${styles.confirm}`} aria-labelledby={headingId}>
          <h3 id={headingId}>{t.confirmTitle}</h3>
          {t.confirmBody.map((p) => (
            <p key={p}>{p}</p>
          ))}
          <label className="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
            <span>{t.confirmCheck}</span>
          </label>
          <div className="actions actions-row">
            <button type="button" className="btn btn-primary" disabled={!understood} onClick={create}>
              {t.confirmGo}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setStage('idle')}>
              {accountCancel(locale)}
            </button>
          </div>
        </section>
      ) : (
        <button
          type="button"
          className="btn btn-primary"
          disabled={stage === 'busy'}
          onClick={() => (needsConfirmation ? setStage('confirm') : create())}
        >
          {stage === 'busy' ? t.adding : t.add}
        </button>
      )}
    </div>
  );
}

function accountCancel(locale: Locale) {
  return locale === 'ja' ? 'やめる' : 'Cancel';
}
