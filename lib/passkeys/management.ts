import { and, eq, isNull, sql } from 'drizzle-orm';
import { passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { env } from '../config/env';
import { assertFreshStepUp } from '../auth/sessions';
import { notifyPasskeyChange, setPasswordLogin } from './notification';
import { auditCustomer, PasskeyError, type Ctx, type CustomerGuard } from './types';

export async function listPasskeys(db: Db, customerId: string, opts: { includeRevoked?: boolean } = {}) {
  return db
    .select()
    .from(passkeys)
    .where(
      opts.includeRevoked
        ? eq(passkeys.customerId, customerId)
        : and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)),
    )
    .orderBy(passkeys.createdAt);
}

/** The customer's own active passkey with this credential id (the condition of every change to it). */
function ownActive(customerId: string, credentialId: string) {
  return and(eq(passkeys.credentialId, credentialId), eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt));
}

/** Renames a passkey (fresh step-up required; no email: the name changes nothing about access). */
export async function renamePasskey(db: Db, guard: CustomerGuard, credentialId: string, nickname: string, ctx: Ctx) {
  const { customerId } = guard;
  await assertFreshStepUp(db, guard);
  const rows = await db
    .update(passkeys)
    .set({ nickname })
    .where(ownActive(customerId, credentialId))
    .returning({ id: passkeys.credentialId });
  if (rows.length !== 1) throw new PasskeyError('not_found');
  await auditCustomer(db, customerId, 'passkey.renamed', ctx, { credentialId });
}

/**
 * Soft delete (fresh step-up required); removing the last passkey turns ID/password login back on.
 * The customer is told by email with a lock code in the same transaction.
 */
export async function removePasskey(db: Db, guard: CustomerGuard, credentialId: string, ctx: Ctx) {
  const { customerId } = guard;
  const now = ctx.now ?? new Date();
  await assertFreshStepUp(db, guard, now);
  await transactionWithRetry(db, async (tx) => {
    await assertFreshStepUp(tx, guard, now);
    const rows = await tx
      .update(passkeys)
      .set({ revokedAt: now, revokedReason: 'removed_by_customer', revokedBy: `customer:${customerId}` })
      .where(ownActive(customerId, credentialId))
      .returning({ id: passkeys.credentialId, aaguid: passkeys.aaguid });
    if (rows.length !== 1) throw new PasskeyError('not_found');
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(passkeys)
      .where(and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)));
    const restored = Number(left.n) === 0;
    const { wasEnabled, customer } = await setPasswordLogin(tx, customerId, restored ? true : undefined, now);
    await auditCustomer(tx, customerId, 'passkey.removed', ctx, { credentialId });
    await notifyPasskeyChange(tx, customerId, customer, {
      change: 'removed',
      aaguid: rows[0].aaguid,
      lang: ctx.lang,
      passwordLogin: restored && env().PASSKEY_POLICY === 'exclusive' && wasEnabled === false ? 'restored' : undefined,
    });
  });
}
