import { createHmac, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, isNull } from 'drizzle-orm';
import { customers } from '../../db/schema';
import type { Db } from '../../db/client';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { normalizeLockCode } from '../notify';

/*
 * The lock code printed in every notification (docs/design.md#lock-codes): one code per
 * account at a time, the same in every notice until it is replaced, so the first mail a victim sees
 * stops the attacker however many notices followed it.
 *
 * Only its argon2id hash is stored (customers.lock_code_hash, checked by /recovery/not-me). To print it
 * again without storing it, the code is derived from the hash's own salt with a server key:
 * code = 8 characters of HMAC-SHA-256(AUTH_SECRET, salt). Whoever reads the database without the key
 * learns nothing; a hash that was not made this way (an older random code, a changed key) is replaced
 * by a new one the next time a notice is written, which is checked by verifying the derived code.
 */

const LOCK_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function lockKey(): string {
  return env().AUTH_SECRET ?? 'login-help-portal/lock-code';
}

/** 8 characters of the 32-letter alphabet (no 0/O, 1/I); 256 is a multiple of 32, so unbiased. */
function codeFromSalt(salt: Uint8Array): string {
  const mac = createHmac('sha256', lockKey()).update('lock-code:').update(salt).digest();
  let s = '';
  for (let i = 0; i < 8; i++) s += LOCK_ALPHABET[mac[i] & 31];
  return s;
}

function argon2Options(salt: Uint8Array) {
  const { memoryCost, timeCost, parallelism } = securityPolicy().argon2;
  return { algorithm: 2 /* Argon2id */, memoryCost, timeCost, parallelism, salt };
}

/** The salt of a PHC string `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`, or null. */
function saltOf(phc: string): Uint8Array | null {
  const parts = phc.split('$');
  if (parts.length !== 6 || parts[1] !== 'argon2id' || !parts[4]) return null;
  return new Uint8Array(Buffer.from(parts[4], 'base64'));
}

/**
 * A new lock code and its argon2id hash for customers.lock_code_hash. Call outside a transaction where
 * possible: hashing is slow. Completion and the staff forced reset replace the code with one of these.
 */
export async function prepareLockCode(): Promise<{ lockCode: string; lockCodeHash: string }> {
  const salt = new Uint8Array(randomBytes(16));
  const lockCode = codeFromSalt(salt);
  return { lockCode, lockCodeHash: await hash(normalizeLockCode(lockCode), argon2Options(salt)) };
}

/** The code a stored hash was made from, when it was made by prepareLockCode with today's key. */
async function printable(lockCodeHash: string | null): Promise<string | null> {
  const salt = lockCodeHash ? saltOf(lockCodeHash) : null;
  if (!lockCodeHash || !salt) return null;
  const code = codeFromSalt(salt);
  try {
    return (await verify(lockCodeHash, normalizeLockCode(code))) ? code : null;
  } catch {
    return null;
  }
}

/**
 * The account's current lock code, to print in a notice. Issues one (guarded against a concurrent
 * issue or replacement: whichever hash is stored is the one printed) when the account has none yet.
 */
export async function noticeLockCode(db: Db, customerId: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await db
      .select({ lockCodeHash: customers.lockCodeHash })
      .from(customers)
      .where(eq(customers.id, customerId))
      .limit(1);
    if (!row) throw new Error('lock code for an unknown customer');
    const current = await printable(row.lockCodeHash);
    if (current) return current;
    const fresh = await prepareLockCode();
    const stored = await db
      .update(customers)
      .set({ lockCodeHash: fresh.lockCodeHash })
      .where(
        and(
          eq(customers.id, customerId),
          row.lockCodeHash === null ? isNull(customers.lockCodeHash) : eq(customers.lockCodeHash, row.lockCodeHash),
        ),
      )
      .returning({ id: customers.id });
    if (stored.length === 1) return fresh.lockCode;
  }
  throw new Error('the lock code kept changing while a notice was written');
}
