import { passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { newSoftKey, softAssertion, type SoftKey } from './soft-authenticator';

/**
 * A software authenticator for the revocation tests (RT-14): a P-256 key whose public half is stored
 * as a passkey row, and real assertions signed with the private half — so lib/passkeys verifies them
 * exactly as it would a phone's. The key and its signatures are tests/support/soft-authenticator.ts.
 */
export type SoftPasskey = SoftKey;

export async function addSoftPasskey(db: Db, customerId: string): Promise<SoftPasskey> {
  const key = newSoftKey(customerId);
  await db.insert(passkeys).values({
    credentialId: key.credentialId,
    customerId,
    publicKey: new Uint8Array(key.cose),
    counter: 0,
    transports: ['internal'],
    deviceType: 'multiDevice',
    backedUp: true,
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    nickname: 'soft key',
  });
  return key;
}

/** An authentication response for `challenge` (user verified), as @simplewebauthn/browser would send it. */
export function assertion(key: SoftPasskey, challenge: string) {
  return softAssertion(key, challenge);
}
