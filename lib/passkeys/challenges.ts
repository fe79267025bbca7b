import { and, eq, gt, isNull } from 'drizzle-orm';
import { webauthnChallenges } from '../../db/schema';
import type { Db } from '../../db/client';
import { securityPolicy } from '../config/security';
import { PasskeyError } from './types';

type Purpose = 'register' | 'authenticate';

/**
 * Expired challenges are removed by the retention job (lib/jobs/retention), not here: a delete on
 * every call was a full scan an anonymous caller could trigger at will.
 */
export async function storeChallenge(db: Db, challenge: string, purpose: Purpose, customerId: string | null) {
  const now = Date.now();
  const [row] = await db
    .insert(webauthnChallenges)
    .values({
      challenge,
      purpose,
      customerId,
      expiresAt: new Date(now + securityPolicy().webauthnChallengeTtlMs),
    })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/**
 * Single use: the row is deleted before the response is verified. A challenge answers only the
 * ceremony it was issued for: a login's (no customer) never serves a step-up, a customer's never
 * serves another customer or an anonymous login.
 */
export async function consumeChallenge(db: Db, id: string, purpose: Purpose, customerId: string | null) {
  const [row] = await db
    .delete(webauthnChallenges)
    // A staff ceremony's challenge (staff_id set) is never a customer's (lib/staff/passkeys.ts keeps its own).
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        isNull(webauthnChallenges.staffId),
        gt(webauthnChallenges.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!row || row.customerId !== customerId || row.staffId !== null) throw new PasskeyError('challenge_invalid');
  return row.challenge;
}
