import { and, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { customers, recoveryFlows } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit, RECOVERY_FAILURE, type AuditActor } from '../audit';
import { liftLoginSuspension } from '../auth/login-throttle';
import { securityPolicy } from '../config/security';
import { enqueueEmail } from '../notify';
import { recoveryLockedEmail } from '../notify/templates';
import { ACTIVE_STEPS } from './flow';
import { cancelWaitingFlows } from './password-reset';
import { noticeLockCode } from './lock-code';

/** Audit action of every failed verification: the per-account counter is read from these rows. */
export const FAILURE_ACTION = RECOVERY_FAILURE;

/** Stands in for "no customer" so an unknown login ID runs the very same statements as a known one. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type Ctx = { ip: string; userAgent?: string | null; lang?: 'ja' | 'en' };

/** Where the account's failures start counting: the window start, or the end of its last lock if later. */
function countingSince(now: Date): SQL {
  const windowStart = new Date(now.getTime() - securityPolicy().accountFailureWindowMs).toISOString();
  return sql`greatest(${windowStart}::timestamptz, coalesce(c.recovery_locked_until, '-infinity'::timestamptz))`;
}

/** Failures recorded against customer `c` (the audit rows, which no rollback removes) that still count. */
function recordedSql(now: Date): SQL {
  return sql`(select count(*)::int from audit_events a
    where a.customer_id = c.id and a.action = ${FAILURE_ACTION} and a.at > ${countingSince(now)})`;
}

/**
 * An upper bound of what may count against customer `c` right now: the failures recorded, plus every
 * attempt spent on the account's flows started since then (which includes the attempts still being
 * checked). `failed_recovery_count` is lowered to it, so failures that left the window stop counting
 * without losing an attempt in flight.
 */
function boundSql(now: Date): SQL {
  return sql`(${recordedSql(now)} + (select coalesce(sum(f.failed_attempts), 0)::int from recovery_flows f
    where f.customer_id = c.id and f.created_at > ${countingSince(now)}))`;
}

/**
 * The guarded statement of the per-account limit (docs/threat-model.md, RT-39), run by a verification at
 * steps 2–4 inside the transaction that holds the account's row lock (lockAccountRow), so every
 * concurrent attempt on the account is counted one after the other: `failed_recovery_count` — failures
 * that count plus attempts in flight — goes up by one only while it is under the limit, the account is
 * not locked and `guard` holds. The UPDATE of the caller's CTE; `customerId` is an SQL expression.
 */
export function reserveAccountAttemptSql(customerId: SQL, now: Date, guard: SQL = sql`true`): SQL {
  const p = securityPolicy();
  const current = sql`least(c.failed_recovery_count, ${boundSql(now)})`;
  return sql`update customers c set failed_recovery_count = ${current} + 1
    where c.id = ${customerId} and ${current} < ${p.accountMaxFailures} and ${guard}
      and (c.recovery_locked_until is null or c.recovery_locked_until <= ${now.toISOString()}::timestamptz) and c.login_locked_at is null
    returning c.id, c.failed_recovery_count`;
}

/**
 * Takes the account's row lock for the rest of the transaction: the statements after it read what every
 * earlier attempt on the account committed. `flowTokenHash`: the account of the flow with this token
 * hash (none, for a forged token).
 */
export async function lockAccountRow(tx: Db, by: { customerId: string } | { flowTokenHash: string }): Promise<void> {
  await tx.execute(
    'customerId' in by
      ? sql`select c.id from customers c where c.id = ${by.customerId} for update`
      : sql`select c.id from customers c join recovery_flows f on f.customer_id = c.id where f.token_hash = ${by.flowTokenHash} for update of c`,
  );
}

/** An attempt reserved on the account that turned out right: it no longer counts. Run it before the flow's update (lock order: account, then flow). */
export async function returnAccountAttempt(tx: Db, customerId: string): Promise<void> {
  await tx
    .update(customers)
    .set({ failedRecoveryCount: sql`greatest(${customers.failedRecoveryCount} - 1, 0)` })
    .where(eq(customers.id, customerId));
}

/**
 * After a failure was audited: counts what counts against the account (docs/threat-model.md: 10 in
 * 24 h → recovery locked for 24 h, the registered email told). The failures themselves are audit rows,
 * appended before this runs and outside any business transaction, so nothing can roll them back; the
 * window starts at `recovery_locked_until` once a lock has been set, so failures from before a lock
 * ended (or before staff unlocked it with `unlockRecovery`) never count again.
 * `reserved`: the attempt was already counted in `failed_recovery_count` by reserveAccountAttemptSql
 * (steps 2–4). Otherwise (step 1, where a lock or limit may not show before the right password) it is
 * added now, capped at the limit.
 */
export async function recordAccountFailure(
  db: Db,
  customerId: string | null,
  now: Date,
  ctx: Ctx,
  opts: { reserved?: boolean } = {},
): Promise<{ count: number; lockedNow: boolean }> {
  const p = securityPolicy();
  const id = customerId ?? NIL_UUID;
  const count = opts.reserved
    ? Number(
        (
          await queryRows<{ n: number | string }>(
            db,
            sql`select ${recordedSql(now)} as n from customers c where c.id = ${id}`,
          )
        )[0]?.n ?? 0,
      )
    : await transactionWithRetry(db, async (tx) => {
        await lockAccountRow(tx, { customerId: id });
        const [row] = await queryRows<{ n: number | string }>(
          tx,
          sql`
        update customers c set failed_recovery_count = least(c.failed_recovery_count + 1, ${boundSql(now)}, ${p.accountMaxFailures})
        where c.id = ${id}
        returning ${recordedSql(now)} as n`,
        );
        return row ? Number(row.n) : 0;
      });
  if (!customerId || count < p.accountMaxFailures) return { count, lockedNow: false };
  const lockedNow = await lockAccountRecovery(db, customerId, now, ctx, count);
  return { count, lockedNow };
}

/**
 * Locks recovery for the account (24 h by default): exactly once however many failures race here
 * (guarded UPDATE), ends every flow of the customer in progress, audits, and tells the registered
 * email — all in one transaction.
 */
async function lockAccountRecovery(
  db: Db,
  customerId: string,
  now: Date,
  ctx: Ctx,
  failures: number,
): Promise<boolean> {
  const p = securityPolicy();
  const until = new Date(now.getTime() + p.accountLockMs);
  return transactionWithRetry(db, async (tx) => {
    const locked = await tx
      .update(customers)
      .set({ recoveryLockedUntil: until })
      .where(
        and(
          eq(customers.id, customerId),
          or(isNull(customers.recoveryLockedUntil), lte(customers.recoveryLockedUntil, now)),
        ),
      )
      .returning({ email: customers.email, name: customers.nameKanji });
    if (locked.length !== 1) return false;
    const flows = await tx
      .update(recoveryFlows)
      .set({ step: 'locked' })
      .where(and(eq(recoveryFlows.customerId, customerId), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
      .returning({ id: recoveryFlows.id });
    await appendAudit(tx, {
      at: now,
      actor: { type: 'system' },
      customerId,
      action: 'recovery.account_locked',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { failures, until: until.toISOString(), flowsLocked: flows.map((f) => f.id) },
    });
    const mail = recoveryLockedEmail({
      name: locked[0].name,
      at: now,
      hours: Math.round(p.accountLockMs / 3600_000),
      lockCode: await noticeLockCode(tx, customerId),
      lang: ctx.lang,
    });
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
  return transactionWithRetry(db, async (tx) => {
    const rows = await tx
      .update(customers)
      .set({ recoveryLockedUntil: now, failedRecoveryCount: 0 })
      .where(
        and(eq(customers.id, customerId), sql`${customers.recoveryLockedUntil} > ${now.toISOString()}::timestamptz`),
      )
      .returning({ id: customers.id });
    const [account] = await tx
      .select({ loginId: customers.loginId })
      .from(customers)
      .where(eq(customers.id, customerId));
    const resumed = account ? await liftLoginSuspension(tx, 'customer', account.loginId) : false;
    if (rows.length !== 1 && !resumed) return { unlocked: false };
    const details = ctx.reason ? { reason: ctx.reason } : {};
    // A staff unlock makes a pending password reset stale (docs/design.md#forgotten-password): it is cancelled.
    const cancelled = await cancelWaitingFlows(tx, customerId);
    if (cancelled.length) {
      await appendAudit(tx, {
        actor,
        customerId,
        action: 'recovery.waiting_cancelled',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { ...details, cause: 'staff_unlock', flows: cancelled },
      });
    }
    if (rows.length === 1) {
      await appendAudit(tx, {
        at: now,
        actor,
        customerId,
        action: 'recovery.account_unlocked',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details,
      });
    }
    if (resumed) {
      await appendAudit(tx, {
        at: now,
        actor,
        customerId,
        action: 'login.password.resumed',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details,
      });
    }
    return { unlocked: true };
  });
}

/** Is recovery (or login, after /recovery/not-me) locked for this account right now? */
export function isAccountLocked(
  c: { recoveryLockedUntil: Date | null; loginLockedAt: Date | null },
  now: Date,
): boolean {
  return !!c.loginLockedAt || (!!c.recoveryLockedUntil && c.recoveryLockedUntil.getTime() > now.getTime());
}
