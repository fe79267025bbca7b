import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { appOrigin, rpId } from '../../lib/config/env';

/**
 * A software authenticator that registers and asserts exactly as a browser would send it, with a
 * choice the DevTools one also offers: whether the user was verified (UV) or only present (UP).
 * Registration uses the `none` attestation format.
 */
export type SoftKey = {
  credentialId: string;
  privateKey: KeyObject;
  cose: Uint8Array;
  counter: number;
  userHandle: string;
};

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;
const AAGUID = Buffer.from('fbfc3007154e4ecc8c0b6e020557d7bd', 'hex'); // iCloud Keychain in our table

function b64url(b: Buffer | Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}

function cborText(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length >= 24) throw new Error('short strings only');
  return Buffer.concat([Buffer.from([0x60 + b.length]), b]);
}

function cborBytes(b: Buffer): Buffer {
  if (b.length < 24) return Buffer.concat([Buffer.from([0x40 + b.length]), b]);
  if (b.length < 256) return Buffer.concat([Buffer.from([0x58, b.length]), b]);
  return Buffer.concat([Buffer.from([0x59, b.length >> 8, b.length & 0xff]), b]);
}

export function newSoftKey(userId: string): SoftKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
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
  return {
    credentialId: b64url(randomBytes(16)),
    privateKey,
    cose,
    counter: 0,
    userHandle: b64url(new TextEncoder().encode(userId)),
  };
}

/** A registration response for `challenge`; `uv: false` is an authenticator that only tests presence. */
export function softAttestation(
  key: SoftKey,
  challenge: string,
  opts: { uv?: boolean; origin?: string; aaguid?: Buffer } = {},
) {
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: 'webauthn.create', challenge, origin: opts.origin ?? appOrigin(), crossOrigin: false }),
  );
  const credId = Buffer.from(key.credentialId, 'base64url');
  const authData = Buffer.concat([
    createHash('sha256').update(rpId()).digest(),
    Buffer.from([UP | AT | (opts.uv === false ? 0 : UV)]),
    Buffer.alloc(4),
    opts.aaguid ?? AAGUID,
    Buffer.from([credId.length >> 8, credId.length & 0xff]),
    credId,
    Buffer.from(key.cose),
  ]);
  const attestationObject = Buffer.concat([
    Buffer.from([0xa3]),
    cborText('fmt'),
    cborText('none'),
    cborText('attStmt'),
    Buffer.from([0xa0]),
    cborText('authData'),
    cborBytes(authData),
  ]);
  return {
    id: key.credentialId,
    rawId: key.credentialId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    authenticatorAttachment: 'platform' as const,
    response: {
      clientDataJSON: b64url(clientDataJSON),
      attestationObject: b64url(attestationObject),
      transports: ['internal' as const],
    },
  };
}

/** An authentication response for `challenge`, signed by the key; `uv: false` for presence only. */
export function softAssertion(key: SoftKey, challenge: string, opts: { uv?: boolean; origin?: string } = {}) {
  key.counter++;
  const clientDataJSON = Buffer.from(
    JSON.stringify({ type: 'webauthn.get', challenge, origin: opts.origin ?? appOrigin(), crossOrigin: false }),
  );
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  const authData = Buffer.concat([
    createHash('sha256').update(rpId()).digest(),
    Buffer.from([UP | (opts.uv === false ? 0 : UV)]),
    counter,
  ]);
  const signer = createSign('SHA256');
  signer.update(Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]));
  return {
    id: key.credentialId,
    rawId: key.credentialId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientDataJSON),
      authenticatorData: b64url(authData),
      signature: b64url(signer.sign(key.privateKey)),
      userHandle: key.userHandle,
    },
  };
}
