import { and, eq, gt, inArray, lte, ne, sql } from 'drizzle-orm';
import { customers, recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { checkNewPassword, hashNewPassword } from '../auth/password-policy';
import { securityPolicy } from '../config/security';
import { enqueueEmail } from '../notify';
import { passwordResetWaitingEmail } from '../notify/templates';
import { isLocale } from '../i18n/types';
import { hitMany } from '../rate-limit';
import { isAccountLocked } from './account-lock';
import { audit, clock, fail, type Ctx } from './context';
import { boundCustomer, customerNotLocked, reloadFlow, type FlowUpdate } from './flow-store';
import { accountLockedError, checkTransition, openFlow, transitionError, whyRefusedNow } from './gate';
import { attemptBuckets, countAndLimit, rateLimitError, type Bucket } from './limits';
import { noticeLockCode } from './lock-code';
import { otpFields, queueOtpEmail } from './otp';
import { newReferenceNumber } from './reset';
import { hashFlowToken, newFlowToken, newOtpCode } from './tokens';
import type { RecoveryResult } from './types';
import { wellFormed } from './verification';

/*
 * The password kind's own moves (docs/design.md#forgotten-password), on the same flow row, the same
 * transition table and the same pipeline as the passkey kind:
 *  - the first right code starts the cooling-off wait (`startWaiting`, called by submitOtp): the flow
 *    gets its 受付番号, `resume_at = now + PASSWORD_RESET_WAIT_SECONDS`, lives the wait plus 72 h, and
 *    the registered email is told at once (no link, the lock code);
 *  - `resumeFlow`: login ID + 受付番号 after the wait → a NEW flow token (the old one dies) and a fresh
 *    code; the same answer for an unknown pair as for a wrong one; limited per IP and per login ID;
 *  - `submitNewPassword`: the rules of lib/auth/password-policy.ts, then `review`;
 *  - `cancelWaitingFlows`: a not-me lock, a staff unlock or a completed recovery ends a waiting flow.
 */

export type WaitStart = { set: FlowUpdate; details: Record<string, unknown>; also: (tx: Db) => Promise<void> };

/** What the first right code of a password-kind flow writes besides the step (in advance()'s transaction). */
export async function startWaiting(db: Db, flow: RecoveryFlow, ctx: Ctx, now: Date): Promise<WaitStart> {
  const p = securityPolicy().passwordReset;
  const resumeAt = new Date(now.getTime() + p.waitMs);
  const referenceNumber = newReferenceNumber(now);
  const lockCode = await noticeLockCode(db, flow.customerId!);
  return {
    set: { waitingSince: now, resumeAt, expiresAt: new Date(resumeAt.getTime() + p.resumeWindowMs), referenceNumber },
    details: { resumeAt: resumeAt.toISOString(), referenceNumber },
    also: async (tx) => {
      const customer = await boundCustomer(tx, flow);
      if (!customer) throw new Error('customer vanished before the wait');
      await audit(tx, ctx, 'recovery.waiting_started', {
        flowId: flow.id,
        customerId: customer.id,
        details: { referenceNumber, resumeAt: resumeAt.toISOString() },
      });
      const mail = passwordResetWaitingEmail({
        name: customer.nameKanji,
        at: now,
        referenceNumber,
        resumeAt,
        hours: Math.round(p.waitMs / 3600_000),
        lockCode,
        lang: isLocale(flow.lang) ? flow.lang : 'ja',
      });
      await enqueueEmail(tx, { customerId: customer.id, to: customer.email, ...mail });
    },
  };
}

export type Resumed = { flowToken: string; step: 'otp'; expiresAt: string };

function resumeBuckets(ctx: Ctx, loginId: string): Bucket[] {
  const { passwordResumesPerIp, passwordResumesPerLoginId } = securityPolicy().rateLimits;
  return [
    { key: `recovery:resume:ip:${ctx.ip}`, limit: passwordResumesPerIp.limit, reason: 'ip' },
    { key: `recovery:resume:login:${loginId}`, limit: passwordResumesPerLoginId.limit, reason: 'login_id' },
  ];
}

/**
 * /recovery/resume, POST /api/v1/recovery/resume: the login ID and the 受付番号 of a waiting flow. Once
 * the wait is over, the flow moves to `otp` under a NEW token (returned; the old one stops working) and
 * a fresh code goes to the registered email. Before: `wrong_step` with `resumeAt`. An unknown login ID,
 * an unknown or someone else's 受付番号, a finished flow: one answer, `verification_failed` with the
 * attempts left for this login ID. Both limits are counted before anything is looked up.
 */
export async function resumeFlow(
  db: Db,
  input: { loginId: string; referenceNumber: string },
  ctx: Ctx,
): Promise<RecoveryResult<Resumed>> {
  const now = clock(ctx);
  const buckets = resumeBuckets(ctx, input.loginId);
  // Both resume limits share one window length (an hour): one statement counts both.
  const decisions = await hitMany(db, buckets, securityPolicy().rateLimits.passwordResumesPerIp.windowMs, now);
  const limited = await rateLimitError(db, ctx, buckets, decisions);
  if (limited) return fail(limited);
  const attemptsLeft = Math.max(0, buckets[1].limit - decisions[1].count);

  const [found] = await db
    .select({ flow: recoveryFlows, customer: customers })
    .from(recoveryFlows)
    .innerJoin(customers, eq(customers.id, recoveryFlows.customerId))
    .where(
      and(
        eq(customers.loginId, input.loginId),
        eq(recoveryFlows.referenceNumber, input.referenceNumber),
        eq(recoveryFlows.kind, 'password'),
      ),
    )
    .limit(1);
  if (!found || found.flow.step !== 'waiting') {
    await audit(db, ctx, 'recovery.resume_failed', {
      flowId: found?.flow.id ?? null,
      customerId: found?.customer.id ?? null,
      details: { loginId: wellFormed(input.loginId), ...(found ? { step: found.flow.step } : {}) },
    });
    return fail({ code: 'verification_failed', attemptsLeft });
  }
  const { flow, customer } = found;
  if (isAccountLocked(customer, now)) return fail(await accountLockedError(db, flow, ctx, 'resume', customer.id));
  const t = checkTransition(flow, { type: 'resume' }, now);
  if (!t.ok) {
    if (t.reason === 'too_early') {
      await audit(db, ctx, 'recovery.resume_refused_early', {
        flowId: flow.id,
        customerId: customer.id,
        details: { resumeAt: flow.resumeAt?.toISOString() },
      });
    }
    return fail(await transitionError(db, flow, t, ctx, 'resume'));
  }

  const flowToken = newFlowToken();
  const code = newOtpCode();
  const lockCode = await noticeLockCode(db, customer.id);
  const expiresAt = new Date(now.getTime() + securityPolicy().flowTtlMs);
  const moved = await transactionWithRetry(db, async (tx) => {
    const rows = await tx
      .update(recoveryFlows)
      .set({
        tokenHash: hashFlowToken(flowToken),
        step: 'otp',
        resumedAt: now,
        expiresAt,
        ...otpFields(now, code, flow.id),
        otpSends: 1,
        otpVerifiedAt: null,
      })
      .where(
        and(
          eq(recoveryFlows.id, flow.id),
          eq(recoveryFlows.step, 'waiting'),
          lte(recoveryFlows.resumeAt, now),
          gt(recoveryFlows.expiresAt, now),
          customerNotLocked(now),
        ),
      )
      .returning({ id: recoveryFlows.id });
    if (rows.length !== 1) return false;
    await audit(tx, ctx, 'recovery.resumed', {
      flowId: flow.id,
      customerId: customer.id,
      details: { referenceNumber: flow.referenceNumber, otpSent: 1 },
    });
    await queueOtpEmail(tx, { customer, code, lockCode, now, lang: flow.lang, passwordReset: true });
    return true;
  });
  if (!moved)
    return fail(await whyRefusedNow(db, await reloadFlow(db, flow.id), { type: 'resume' }, ctx, now, 'resume'));
  return { ok: true, value: { flowToken, step: 'otp', expiresAt: expiresAt.toISOString() } };
}

/**
 * 「新しいパスワード」: the server's rules (lib/auth/password-policy.ts) decide; a refusal is
 * `weak_password` with every reason, audited by reason only (never the password), and changes nothing.
 * An accepted password is stored as an argon2id hash on the flow until completion, which moves it to
 * the account; the flow goes to `review`. Counted in the per-IP attempt limit (the check may verify the
 * current password with argon2).
 */
export async function submitNewPassword(
  db: Db,
  token: string,
  input: { password: string; confirmPassword?: string },
  ctx: Ctx,
): Promise<RecoveryResult<{ step: 'review' }>> {
  const now = clock(ctx);
  const limited = await countAndLimit(db, ctx, attemptBuckets(ctx), now);
  if (limited) return fail(limited);
  const opened = await openFlow(db, token, { type: 'set_password' }, ctx, now, 'new_password');
  if (!opened.ok) return opened;
  const { flow } = opened;
  const customer = await boundCustomer(db, flow);
  if (!customer) return fail({ code: 'wrong_step', step: flow.step });
  if (isAccountLocked(customer, now)) return fail(await accountLockedError(db, flow, ctx, 'new_password'));
  const check = await checkNewPassword(
    input.password,
    { loginId: customer.loginId, birthDate: customer.birthDate, currentPasswordHash: customer.passwordHash },
    input.confirmPassword,
  );
  if (!check.ok) {
    await audit(db, ctx, 'recovery.new_password.refused', {
      flowId: flow.id,
      customerId: customer.id,
      details: { reasons: check.reasons },
    });
    return fail({ code: 'weak_password', reasons: check.reasons });
  }
  const newPasswordHash = await hashNewPassword(input.password);
  const moved = await transactionWithRetry(db, async (tx) => {
    const rows = await tx
      .update(recoveryFlows)
      .set({ step: 'review', newPasswordHash })
      .where(
        and(
          eq(recoveryFlows.id, flow.id),
          eq(recoveryFlows.step, 'new_password'),
          gt(recoveryFlows.expiresAt, now),
          customerNotLocked(now),
        ),
      )
      .returning({ id: recoveryFlows.id });
    if (rows.length !== 1) return false;
    await audit(tx, ctx, 'recovery.new_password.set', {
      flowId: flow.id,
      customerId: customer.id,
      details: { next: 'review' },
    });
    return true;
  });
  if (!moved)
    return fail(
      await whyRefusedNow(db, await reloadFlow(db, flow.id), { type: 'set_password' }, ctx, now, 'new_password'),
    );
  return { ok: true, value: { step: 'review' } };
}

/**
 * Ends the customer's live password-kind flows (a waiting one included) as `cancelled`, except
 * `exceptFlowId`: a not-me lock, a staff unlock and a completed recovery each make a pending reset
 * stale. Returns the ids (the caller audits them in its own transaction).
 */
export async function cancelWaitingFlows(tx: Db, customerId: string, exceptFlowId?: string): Promise<string[]> {
  const rows = await tx
    .update(recoveryFlows)
    .set({ step: 'cancelled' })
    .where(
      and(
        eq(recoveryFlows.customerId, customerId),
        eq(recoveryFlows.kind, 'password'),
        inArray(recoveryFlows.step, [
          'credentials_pin',
          'secret_question',
          'account_data',
          'otp',
          'waiting',
          'new_password',
          'review',
        ]),
        exceptFlowId ? ne(recoveryFlows.id, exceptFlowId) : sql`true`,
      ),
    )
    .returning({ id: recoveryFlows.id });
  return rows.map((r) => r.id);
}
