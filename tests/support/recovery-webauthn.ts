import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { appOrigin, rpId } from '../../lib/config/env';

/**
 * A software authenticator for the revocation tests (RT-14): a P-256 key whose public half is stored
 * as a passkey row, and real assertions signed with the private half — so lib/passkeys verifies them
 * exactly as it would a phone's.
 */
export type SoftPasskey = { credentialId: string; privateKey: KeyObject; userHandle: string; counter: number };

function b64url(b: Buffer | Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}

export async function addSoftPasskey(db: Db, customerId: string): Promise<SoftPasskey> {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  // COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
  const cose = new Uint8Array([
    0xa5,
    0x01,
    0x02,
    0x03,
    0x26,
    0x20,
    0x01,
    0x21,
    0x58,
    0x20,
    ...x,
    0x22,
    0x58,
    0x20,
    ...y,
  ]);
  const credentialId = b64url(randomBytes(16));
  await db.insert(passkeys).values({
    credentialId,
    customerId,
    publicKey: cose,
    counter: 0,
    transports: ['internal'],
    deviceType: 'multiDevice',
    backedUp: true,
    aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    nickname: 'soft key',
  });
  return { credentialId, privateKey, userHandle: b64url(new TextEncoder().encode(customerId)), counter: 0 };
}

/** An authentication response for `challenge`, as @simplewebauthn/browser would send it. */
export function assertion(key: SoftPasskey, challenge: string) {
  key.counter++;
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: 'webauthn.get', challenge, origin: appOrigin(), crossOrigin: false }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  const authData = Buffer.concat([createHash('sha256').update(rpId()).digest(), Buffer.from([0x05]), counter]);
  const signer = createSign('SHA256');
  signer.update(Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]));
  const signature = signer.sign(key.privateKey);
  return {
    id: key.credentialId,
    rawId: key.credentialId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(signature),
      userHandle: key.userHandle,
    },
  };
}
