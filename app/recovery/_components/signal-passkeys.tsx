'use client';

import { useEffect, useState } from 'react';

type SignalApi = {
  signalAllAcceptedCredentials?: (o: {
    rpId: string;
    userId: string;
    allAcceptedCredentialIds: string[];
  }) => Promise<void>;
};

/**
 * WebAuthn Signal API (docs/design.md#steps, the done step): tells the device's password manager that no passkey of this
 * account is accepted any more, so it stops offering the dead one. Feature-detected and best effort:
 * never a gate — the server refuses revoked credentials either way.
 */
export function SignalRevokedPasskeys({ rpId, userId, enabled }: { rpId: string; userId: string; enabled: boolean }) {
  const [state, setState] = useState<'idle' | 'unsupported' | 'sent' | 'failed'>('idle');
  useEffect(() => {
    if (!enabled) return;
    const pkc = (globalThis as { PublicKeyCredential?: SignalApi }).PublicKeyCredential;
    if (!pkc || typeof pkc.signalAllAcceptedCredentials !== 'function') {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- records the outcome of a one-off browser call
      setState('unsupported');
      return;
    }
    pkc.signalAllAcceptedCredentials({ rpId, userId, allAcceptedCredentialIds: [] }).then(
      () => setState('sent'),
      () => setState('failed'),
    );
  }, [rpId, userId, enabled]);
  return <span hidden data-testid="passkey-signal" data-state={state} />;
}
