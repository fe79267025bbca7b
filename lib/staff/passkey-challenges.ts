import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import { staffPasskeys, webauthnChallenges } from '../../db/schema';
import type { Db } from '../../db/client';
import { securityPolicy } from '../config/security';

/**
 * WebAuthn challenges of staff ceremonies, bound to the staff member (a customer ceremony never uses one),
 * and the staff member's active passkeys — shared by registration and the step-up.
 */

export async function storeChallenge(
  db: Db,
  challenge: string,
  purpose: 'register' | 'authenticate',
  staffId: string,
  now: Date,
): Promise<string> {
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  const [row] = await db
    .insert(webauthnChallenges)
    .values({
      challenge,
      purpose,
      customerId: null,
      staffId,
      expiresAt: new Date(now.getTime() + securityPolicy().webauthnChallengeTtlMs),
    })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/** Single use: deleted before the response is verified, and only by the staff member it was made for. */
export async function consumeChallenge(
  db: Db,
  id: string,
  purpose: 'register' | 'authenticate',
  staffId: string,
  now: Date,
): Promise<string | null> {
  const [row] = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        eq(webauthnChallenges.staffId, staffId),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge ?? null;
}

export async function activePasskeys(db: Db, staffId: string) {
  return db
    .select()
    .from(staffPasskeys)
    .where(and(eq(staffPasskeys.staffId, staffId), isNull(staffPasskeys.revokedAt)))
    .orderBy(asc(staffPasskeys.createdAt));
}
