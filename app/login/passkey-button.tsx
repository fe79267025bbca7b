'use client';

import { useState } from 'react';
import { passkeyLoginAction, passkeyOptionsAction } from './actions';
import { loginMessages } from '@/lib/i18n/messages/login';
import type { Locale } from '@/lib/i18n/types';

/** 「パスキーでログイン」: discoverable credential, challenge held by the server. */
export function PasskeyButton({ locale, next = '/account/security' }: { locale: Locale; next?: string }) {
  const t = loginMessages[locale];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function onClick() {
    setError('');
    if (typeof window.PublicKeyCredential === 'undefined') {
      setError(t.passkeyUnsupported);
      return;
    }
    setBusy(true);
    try {
      // Loaded on demand: the login page stays light for everyone who uses a password.
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const opts = await passkeyOptionsAction();
      if (!opts.ok) {
        setError(t.rateLimited);
        return;
      }
      const { challengeId } = opts.data;
      let response;
      try {
        response = await startAuthentication({ optionsJSON: opts.data.options });
      } catch {
        setError(t.passkeyCancelled);
        return;
      }
      const res = await passkeyLoginAction({ challengeId, response: JSON.stringify(response) });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      setError(res.formError === 'account_locked' ? t.accountLocked : t.passkeyFailed);
    } catch {
      setError(t.passkeyFailed);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <button
        type="button"
        className="btn btn-secondary btn-block"
        onClick={onClick}
        disabled={busy}
        aria-describedby="passkey-error"
      >
        {busy ? t.passkeyWorking : t.passkey}
      </button>
      <div id="passkey-error" className="field-error" role="status" aria-live="polite">
        {error}
      </div>
    </div>
  );
}
