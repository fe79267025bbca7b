import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical';

/**
 * The Ed25519 keys of the audit checkpoints (docs/operations.md#audit-signing-key). The private
 * key (AUDIT_SIGNING_KEY) never enters the database; the public key (AUDIT_PUBLIC_KEY, or derived
 * from the private one) is kept where the database administrators cannot write. Each accepts PEM
 * (`-----BEGIN PRIVATE KEY-----` PKCS#8 / `-----BEGIN PUBLIC KEY-----` SPKI, newlines may be written
 * as `\n`) or the base64 of the same DER. AUDIT_PUBLIC_KEY may list several keys separated by commas
 * (older keys after a rotation).
 */

export type PublicKeyEntry = { keyId: string; key: KeyObject };
export type AuditKeys = { signer: { keyId: string; key: KeyObject } | null; publicKeys: PublicKeyEntry[] };

function keyText(raw: string): { pem: string } | { der: Buffer } {
  const text = raw.trim().replace(/\\n/g, '\n');
  if (text.includes('-----BEGIN')) return { pem: text };
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) throw new Error('empty key');
  return { der };
}

function requireEd25519(key: KeyObject, name: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${name}: not an Ed25519 key`);
  return key;
}

export function parsePrivateKey(raw: string): KeyObject {
  const t = keyText(raw);
  const key = 'pem' in t ? createPrivateKey(t.pem) : createPrivateKey({ key: t.der, format: 'der', type: 'pkcs8' });
  return requireEd25519(key, 'AUDIT_SIGNING_KEY');
}

export function parsePublicKey(raw: string): KeyObject {
  const t = keyText(raw);
  const key = 'pem' in t ? createPublicKey(t.pem) : createPublicKey({ key: t.der, format: 'der', type: 'spki' });
  return requireEd25519(key, 'AUDIT_PUBLIC_KEY');
}

/** A short, stable name of a public key: the first 16 hex digits of sha256 of its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

export function publicKeyPem(publicKey: KeyObject): string {
  return String(publicKey.export({ format: 'pem', type: 'spki' }));
}

/**
 * The keys from the environment; null when neither variable is set. Throws (with the variable's
 * name, never the key) when one is set but unreadable — a configuration error, found at start-up.
 */
export function auditKeysFrom(vars: { AUDIT_SIGNING_KEY?: string; AUDIT_PUBLIC_KEY?: string }): AuditKeys | null {
  const privText = vars.AUDIT_SIGNING_KEY?.trim();
  const pubText = vars.AUDIT_PUBLIC_KEY?.trim();
  if (!privText && !pubText) return null;
  let signer: AuditKeys['signer'] = null;
  const publicKeys: PublicKeyEntry[] = [];
  if (privText) {
    let key: KeyObject;
    try {
      key = parsePrivateKey(privText);
    } catch {
      throw new Error('AUDIT_SIGNING_KEY: not an Ed25519 private key (PKCS#8 PEM or base64 DER)');
    }
    const pub = createPublicKey(key);
    signer = { keyId: keyIdOf(pub), key };
    publicKeys.push({ keyId: signer.keyId, key: pub });
  }
  if (pubText) {
    for (const part of pubText.split(',').filter((p) => p.trim() !== '')) {
      let pub: KeyObject;
      try {
        pub = parsePublicKey(part);
      } catch {
        throw new Error('AUDIT_PUBLIC_KEY: not an Ed25519 public key (SPKI PEM or base64 DER)');
      }
      const keyId = keyIdOf(pub);
      if (!publicKeys.some((k) => k.keyId === keyId)) publicKeys.push({ keyId, key: pub });
    }
  }
  return { signer, publicKeys };
}

export type CheckpointClaim = { lastEventId: number; headHash: string; at: string; keyId: string };

/** The signed bytes: a versioned canonical JSON of what the checkpoint claims. */
export function checkpointMessage(c: CheckpointClaim): Buffer {
  return Buffer.from(
    canonicalJson({
      v: 'lhp-audit-checkpoint/1',
      lastEventId: c.lastEventId,
      headHash: c.headHash,
      at: c.at,
      keyId: c.keyId,
    }),
    'utf8',
  );
}

export function signCheckpoint(
  signer: NonNullable<AuditKeys['signer']>,
  c: Omit<CheckpointClaim, 'keyId'>,
): { keyId: string; signature: string } {
  const claim = { ...c, keyId: signer.keyId };
  return { keyId: signer.keyId, signature: sign(null, checkpointMessage(claim), signer.key).toString('base64') };
}

export type SignatureCheck = 'ok' | 'unknown_key' | 'signature_invalid';

export function checkCheckpointSignature(
  publicKeys: PublicKeyEntry[],
  c: CheckpointClaim & { signature: string },
): SignatureCheck {
  const entry = publicKeys.find((k) => k.keyId === c.keyId);
  if (!entry) return 'unknown_key';
  let sig: Buffer;
  try {
    sig = Buffer.from(c.signature, 'base64');
  } catch {
    return 'signature_invalid';
  }
  if (sig.length !== 64) return 'signature_invalid';
  try {
    return verify(null, checkpointMessage(c), entry.key, sig) ? 'ok' : 'signature_invalid';
  } catch {
    return 'signature_invalid';
  }
}
