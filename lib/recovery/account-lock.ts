import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { customers, recoveryFlows } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { appendAudit, type AuditActor } from '../audit';
import { liftLoginSuspension } from '../auth/login-throttle';
import { securityPolicy } from '../config/security';
import { enqueueEmail } from '../notify';
import { recoveryLockedEmail } from '../notify/templates';
import { ACTIVE_STEPS } from './flow';

/** Audit action of every failed verification: the per-account counter is read from these rows. */
export const FAILURE_ACTION = 'recovery.verification_failed';

/** Stands in for "no customer" so an unknown login ID runs the very same statements as a known one. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type Ctx = { ip: string; userAgent?: string | null };

/**
 * Counts the account's failed recovery verifications in the last 24 h (SPEC §6: 10 → recovery locked
 * for 24 h, the registered email told). The failures themselves are audit rows, appended before this
 * runs and outside any business transaction, so nothing can roll them back. The window starts at
 * `recovery_locked_until` once a lock has been set: failures from before a lock ended (or before staff
 * unlocked it with `unlockRecovery`) never count again. `failed_recovery_count` mirrors the count for
 * the staff console.
 */
export async function recordAccountFailure(
  db: Db,
  customerId: string | null,
  now: Date,
  ctx: Ctx,
): Promise<{ count: number; lockedNow: boolean }> {
  const p = securityPolicy();
  const windowStart = new Date(now.getTime() - p.accountFailureWindowMs).toISOString();
  const [row] = await queryRows<{ n: number | string }>(db, sql`
    update customers c set failed_recovery_count = (
      select count(*)::int from audit_events a
      where a.customer_id = c.id and a.action = ${FAILURE_ACTION}
        and a.at > greatest(${windowStart}::timestamptz, coalesce(c.recovery_locked_until, '-infinity'::timestamptz)))
    where c.id = ${customerId ?? NIL_UUID}
    returning c.failed_recovery_count as n`);
  const count = row ? Number(row.n) : 0;
  if (!customerId || count < p.accountMaxFailures) return { count, lockedNow: false };
  const lockedNow = await lockAccountRecovery(db, customerId, now, ctx, count);
  return { count, lockedNow };
}

/**
 * Locks recovery for the account (24 h by default): exactly once however many failures race here
 * (guarded UPDATE), ends every flow of the customer in progress, audits, and tells the registered
 * email — all in one transaction.
 */
async function lockAccountRecovery(db: Db, customerId: string, now: Date, ctx: Ctx, failures: number): Promise<boolean> {
  const p = securityPolicy();
  const until = new Date(now.getTime() + p.accountLockMs);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const locked = await tx.update(customers)
      .set({ recoveryLockedUntil: until })
      .where(and(eq(customers.id, customerId), or(isNull(customers.recoveryLockedUntil), lte(customers.recoveryLockedUntil, now))))
      .returning({ email: customers.email, name: customers.nameKanji });
    if (locked.length !== 1) return false;
    const flows = await tx.update(recoveryFlows)
      .set({ step: 'locked' })
      .where(and(eq(recoveryFlows.customerId, customerId), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
      .returning({ id: recoveryFlows.id });
    await appendAudit(tx, {
      actor: { type: 'system' }, customerId, action: 'recovery.account_locked', ip: ctx.ip, userAgent: ctx.userAgent,
      details: { failures, until: until.toISOString(), flowsLocked: flows.map((f) => f.id) },
    });
    const mail = recoveryLockedEmail({ name: locked[0].name, at: now, hours: Math.round(p.accountLockMs / 3600_000) });
    await enqueueEmail(tx, { customerId, to: locked[0].email, ...mail });
    return true;
  });
}

/**
 * Staff unlock of a recovery lock (operator+; the caller checks the role). The lock ends now rather
 * than being cleared, so the failures that caused it never count again. The same unlock lifts a
 * password login suspended by wrong guesses (lib/auth/login-throttle.ts), in the same transaction.
 */
export async function unlockRecovery(
  db: Db,
  customerId: string,
  actor: AuditActor,
  ctx: Ctx & { reason?: string; now?: Date },
): Promise<{ unlocked: boolean }> {
  const now = ctx.now ?? new Date();
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = await tx.update(customers)
      .set({ recoveryLockedUntil: now, failedRecoveryCount: 0 })
      .where(and(eq(customers.id, customerId), sql`${customers.recoveryLockedUntil} > ${now.toISOString()}::timestamptz`))
      .returning({ id: customers.id });
    const [account] = await tx.select({ loginId: customers.loginId }).from(customers).where(eq(customers.id, customerId));
    const resumed = account ? await liftLoginSuspension(tx, 'customer', account.loginId) : false;
    if (rows.length !== 1 && !resumed) return { unlocked: false };
    const details = ctx.reason ? { reason: ctx.reason } : {};
    if (rows.length === 1) {
      await appendAudit(tx, { actor, customerId, action: 'recovery.account_unlocked', ip: ctx.ip, userAgent: ctx.userAgent, details });
    }
    if (resumed) {
      await appendAudit(tx, { actor, customerId, action: 'login.password.resumed', ip: ctx.ip, userAgent: ctx.userAgent, details });
    }
    return { unlocked: true };
  });
}

/** Is recovery (or login, after /recovery/not-me) locked for this account right now? */
export function isAccountLocked(c: { recoveryLockedUntil: Date | null; loginLockedAt: Date | null }, now: Date): boolean {
  return !!c.loginLockedAt || (!!c.recoveryLockedUntil && c.recoveryLockedUntil.getTime() > now.getTime());
}
