import { and, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { customers, passkeys, recoveryFlows, staffResetRequests } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit } from '../audit';
import { verifySecret } from '../auth/password';
import { securityPolicy } from '../config/security';
import { enqueueEmail, normalizeLockCode } from '../notify';
import { notMeLockedEmail } from '../notify/templates';
import { checkLimit } from '../rate-limit';
import { ACTIVE_STEPS } from './flow';
import { cancelWaitingFlows } from './password-reset';
import { noticeLockCode } from './lock-code';
import type { RecoveryContext, RecoveryResult } from './types';

export type RecoveryStatus =
  | { found: false }
  | {
      found: true;
      /** `recovery`: the customer's own /recovery; `staff_reset`: the phone-verified forced reset. */
      kind: 'recovery' | 'staff_reset';
      completedAt: string;
      revokedPasskeys: number;
      passwordLoginEnabled: true;
    };

/**
 * /recovery/status: login ID + 受付番号 → what was done and when, nothing else (no name, no email, no
 * passkey names). Both must match; a miss answers `found: false` whatever was wrong. Rate limited per IP.
 */
export async function lookupRecoveryStatus(
  db: Db,
  input: { loginId: string; referenceNumber: string },
  ctx: RecoveryContext,
): Promise<RecoveryResult<RecoveryStatus>> {
  const now = ctx.now ?? new Date();
  const d = await checkLimit(db, securityPolicy().rateLimits.recoveryLookupsPerIp, `recovery:status:ip:${ctx.ip}`, now);
  if (!d.allowed) return { ok: false, error: { code: 'rate_limited', retryAfter: d.retryAfterSeconds, reason: 'ip' } };

  let status: RecoveryStatus = { found: false };
  let customerId: string | null = null;
  const [flow] = await db
    .select({ completedAt: recoveryFlows.completedAt, result: recoveryFlows.result, customerId: customers.id })
    .from(recoveryFlows)
    .innerJoin(customers, eq(customers.id, recoveryFlows.customerId))
    .where(
      and(
        eq(recoveryFlows.referenceNumber, input.referenceNumber),
        eq(customers.loginId, input.loginId),
        eq(recoveryFlows.step, 'done'),
      ),
    )
    .limit(1);
  if (flow?.completedAt) {
    customerId = flow.customerId;
    status = {
      found: true,
      kind: 'recovery',
      completedAt: flow.completedAt.toISOString(),
      revokedPasskeys: Number((flow.result as { revokedPasskeys?: number } | null)?.revokedPasskeys ?? 0),
      passwordLoginEnabled: true,
    };
  } else {
    const [reset] = await db
      .select({ id: staffResetRequests.id, executedAt: staffResetRequests.executedAt, customerId: customers.id })
      .from(staffResetRequests)
      .innerJoin(customers, eq(customers.id, staffResetRequests.customerId))
      .where(
        and(
          eq(staffResetRequests.referenceNumber, input.referenceNumber),
          eq(customers.loginId, input.loginId),
          eq(staffResetRequests.status, 'executed'),
        ),
      )
      .limit(1);
    if (reset?.executedAt) {
      customerId = reset.customerId;
      const [n] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(passkeys)
        .where(and(eq(passkeys.customerId, reset.customerId), like(passkeys.revokedBy, `staff-reset:${reset.id}%`)));
      status = {
        found: true,
        kind: 'staff_reset',
        completedAt: reset.executedAt.toISOString(),
        revokedPasskeys: Number(n?.n ?? 0),
        passwordLoginEnabled: true,
      };
    }
  }
  await appendAudit(db, {
    at: now,
    actor: { type: 'customer', id: customerId },
    customerId,
    action: 'recovery.status_viewed',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: {
      found: status.found,
      referenceNumber: input.referenceNumber,
      ...(status.found ? {} : { loginId: input.loginId }),
    },
  });
  return { ok: true, value: status };
}

/**
 * /recovery/not-me: login ID + the lock code of a notification email. When both are right, login and
 * recovery stop at once (customers.login_locked_at — staff see it as an open case), every session
 * ends, flows in progress are locked, it is audited as `customer.not_me_locked`, and the registered
 * email is told. The answer is the same whatever was wrong, after one argon2 verify on every path.
 */
export async function reportNotMe(
  db: Db,
  input: { loginId: string; lockCode: string },
  ctx: RecoveryContext,
): Promise<RecoveryResult<{ accepted: true }>> {
  const now = ctx.now ?? new Date();
  const d = await checkLimit(db, securityPolicy().rateLimits.recoveryLookupsPerIp, `recovery:not-me:ip:${ctx.ip}`, now);
  if (!d.allowed) return { ok: false, error: { code: 'rate_limited', retryAfter: d.retryAfterSeconds, reason: 'ip' } };
  const [customer] = await db
    .select({
      id: customers.id,
      lockCodeHash: customers.lockCodeHash,
      email: customers.email,
      name: customers.nameKanji,
    })
    .from(customers)
    .where(eq(customers.loginId, input.loginId))
    .limit(1);
  const valid = await verifySecret(customer?.lockCodeHash ?? null, normalizeLockCode(input.lockCode));
  if (!customer || !valid) {
    await appendAudit(db, {
      at: now,
      actor: { type: 'customer', id: customer?.id ?? null },
      customerId: customer?.id ?? null,
      action: 'customer.not_me_failed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { loginId: input.loginId },
    });
    return { ok: true, value: { accepted: true } };
  }
  await transactionWithRetry(db, async (tx) => {
    const rows = await tx
      .update(customers)
      .set({ loginLockedAt: now, sessionsValidAfter: sql`now()`, updatedAt: now })
      .where(and(eq(customers.id, customer.id), isNull(customers.loginLockedAt)))
      .returning({ id: customers.id });
    if (rows.length !== 1) {
      await appendAudit(tx, {
        at: now,
        actor: { type: 'customer', id: customer.id },
        customerId: customer.id,
        action: 'customer.not_me_repeated',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return;
    }
    // A pending password reset (waiting or not) is cancelled; every other flow in progress is locked.
    const cancelled = await cancelWaitingFlows(tx, customer.id);
    const flows = await tx
      .update(recoveryFlows)
      .set({ step: 'locked' })
      .where(and(eq(recoveryFlows.customerId, customer.id), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
      .returning({ id: recoveryFlows.id });
    await appendAudit(tx, {
      at: now,
      actor: { type: 'customer', id: customer.id },
      customerId: customer.id,
      action: 'customer.not_me_locked',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { flowsLocked: flows.map((f) => f.id), ...(cancelled.length ? { flowsCancelled: cancelled } : {}) },
    });
    await enqueueEmail(tx, {
      customerId: customer.id,
      to: customer.email,
      ...notMeLockedEmail({
        name: customer.name,
        at: now,
        lockCode: await noticeLockCode(tx, customer.id),
        lang: ctx.lang,
      }),
    });
  });
  return { ok: true, value: { accepted: true } };
}
