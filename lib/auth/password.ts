import { hash, verify } from '@node-rs/argon2';
import { securityPolicy } from '../config/security';

function params() {
  const { memoryCost, timeCost, parallelism } = securityPolicy().argon2;
  return { algorithm: 2 /* Argon2id */, memoryCost, timeCost, parallelism };
}

/** argon2id; @node-rs/argon2 runs on the libuv thread pool, off the event loop. */
export function hashSecret(plain: string): Promise<string> {
  return hash(plain, params());
}

let dummy: Promise<string> | undefined;

/** A real hash of a random value, verified when the login ID is unknown so every path costs one verify. */
export function dummyHash(): Promise<string> {
  dummy ??= hashSecret(`dummy-${crypto.randomUUID()}`);
  return dummy;
}

/** Counts verifies; the enumeration tests assert exactly one per attempt. */
export const hashStats = { verifies: 0 };

export async function verifySecret(hashed: string | null | undefined, plain: string): Promise<boolean> {
  const target = hashed ?? (await dummyHash());
  hashStats.verifies++;
  try {
    const ok = await verify(target, plain);
    return ok && hashed != null;
  } catch {
    return false;
  }
}

/** A customer password as it is hashed and checked: NFKC, so full-width and half-width spellings are one password. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Checks a customer password in the form it was stored (normalizePassword); one verify, as verifySecret. */
export function verifyPassword(hashed: string | null | undefined, plain: string): Promise<boolean> {
  return verifySecret(hashed, normalizePassword(plain));
}
