import { createHash, createSign, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { appOrigin, rpId } from '../../lib/config/env';

/**
 * A software authenticator for the staff passkey tests: a P-256 key that answers registration
 * ('none' attestation) and authentication exactly as a platform authenticator would, with or
 * without user verification — so lib/staff/passkeys verifies real ceremonies.
 */
export type SoftStaffKey = { credentialId: string; privateKey: KeyObject; cose: Uint8Array; counter: number };

function b64url(b: Buffer | Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}

export function newSoftStaffKey(): SoftStaffKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  // COSE_Key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}
  const cose = new Uint8Array([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, ...x, 0x22, 0x58, 0x20, ...y]);
  return { credentialId: b64url(randomBytes(16)), privateKey, cose, counter: 0 };
}

function cborText(s: string): Buffer {
  const b = Buffer.from(s);
  return Buffer.concat([Buffer.from([0x60 + b.length]), b]);
}

function cborBytes(b: Buffer): Buffer {
  const head = b.length < 24 ? Buffer.from([0x40 + b.length]) : b.length < 256 ? Buffer.from([0x58, b.length]) : Buffer.from([0x59, b.length >> 8, b.length & 0xff]);
  return Buffer.concat([head, b]);
}

const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** A registration response for `challenge` (UV set unless `uv: false`), as @simplewebauthn/browser sends it. */
export function registrationResponse(key: SoftStaffKey, challenge: string, opts: { uv?: boolean; origin?: string } = {}) {
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin: opts.origin ?? appOrigin(), crossOrigin: false }));
  const credId = Buffer.from(key.credentialId, 'base64url');
  const authData = Buffer.concat([
    createHash('sha256').update(rpId()).digest(),
    Buffer.from([UP | AT | (opts.uv === false ? 0 : UV)]),
    Buffer.alloc(4),
    Buffer.alloc(16), // AAGUID: none
    Buffer.from([credId.length >> 8, credId.length & 0xff]),
    credId,
    Buffer.from(key.cose),
  ]);
  const attestationObject = Buffer.concat([
    Buffer.from([0xa3]),
    cborText('fmt'), cborText('none'),
    cborText('attStmt'), Buffer.from([0xa0]),
    cborText('authData'), cborBytes(authData),
  ]);
  return {
    id: key.credentialId, rawId: key.credentialId, type: 'public-key' as const, clientExtensionResults: {},
    response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal'] },
  };
}

/** An authentication response for `challenge` (UV set unless `uv: false`). */
export function authenticationResponse(key: SoftStaffKey, challenge: string, opts: { uv?: boolean; origin?: string } = {}) {
  key.counter++;
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: opts.origin ?? appOrigin(), crossOrigin: false }));
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(key.counter);
  const authData = Buffer.concat([createHash('sha256').update(rpId()).digest(), Buffer.from([UP | (opts.uv === false ? 0 : UV)]), counter]);
  const signer = createSign('SHA256');
  signer.update(Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]));
  return {
    id: key.credentialId, rawId: key.credentialId, type: 'public-key' as const, clientExtensionResults: {},
    response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authData), signature: b64url(signer.sign(key.privateKey)) },
  };
}
