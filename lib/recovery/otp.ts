import { and, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import { recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { securityPolicy } from '../config/security';
import { enqueueEmail } from '../notify';
import { otpEmail } from '../notify/templates';
import { isLocale } from '../i18n/types';
import { isAccountLocked } from './account-lock';
import { audit, clock, fail, ts, type Ctx } from './context';
import { boundCustomer, customerNotLocked, reloadFlow, type FlowUpdate } from './flow-store';
import { accountLockedError, checkTransition, openFlow, transitionError } from './gate';
import { attemptBuckets, countAndLimit } from './limits';
import { noticeLockCode } from './lock-code';
import { digestsEqual, newOtpCode, otpDigest } from './tokens';
import type { RecoveryError, RecoveryResult } from './types';
import { startWaiting } from './password-reset';
import { advance, boundAttempt, recordFailure, reserveAttempt, settle } from './verification';
import type { StepPassed } from './steps';

/*
 * Step 4, the emailed code (docs/threat-model.md): 6 digits from a CSPRNG, stored as an HMAC bound to
 * its flow, 10 minutes, 3 tries per code, at most 3 sends per flow 60 s apart. Every code email
 * carries the account's lock code.
 */

/** The flow's columns for a new code sent at `now` (the old code dies with it). */
export function otpFields(now: Date, code: string, flowId: string): FlowUpdate {
  return {
    otpHash: otpDigest(flowId, code),
    otpExpiresAt: new Date(now.getTime() + securityPolicy().otpTtlMs),
    otpAttempts: 0,
    otpLastSentAt: now,
  };
}

type OtpMail = {
  customer: { id: string; email: string; nameKanji: string };
  code: string;
  lockCode: string;
  now: Date;
  notBefore?: Date;
  lang: string;
  /** The password kind's wording (パスワードの再設定). */
  passwordReset?: boolean;
};

/** Queues the code email in the caller's transaction (held until `notBefore` after a recent lock, RT-30). */
export async function queueOtpEmail(tx: Db, m: OtpMail): Promise<void> {
  const mail = otpEmail({
    name: m.customer.nameKanji,
    at: m.now,
    code: m.code,
    minutes: Math.round(securityPolicy().otpTtlMs / 60_000),
    // The clock time it stops working, as the screen shows it: a held code (RT-30) counts from its hold (otpFields).
    expiresAt: new Date((m.notBefore ?? m.now).getTime() + securityPolicy().otpTtlMs),
    lockCode: m.lockCode,
    lang: isLocale(m.lang) ? m.lang : 'ja',
    passwordReset: m.passwordReset,
  });
  await enqueueEmail(tx, { customerId: m.customer.id, to: m.customer.email, ...mail, notBefore: m.notBefore });
}

/**
 * Step 4: the emailed code. At most 3 tries per code (reserved atomically, so 50 concurrent guesses
 * evaluate at most 3), dead after 10 minutes or a resend, single use, bound to its flow.
 */
export async function submitOtp(
  db: Db,
  token: string,
  input: { code: string },
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const reserved = await reserveAttempt(db, token, 'otp', ctx, now);
  if (!reserved.ok) return reserved;
  // The row as the reservation left it: a resend that raced in before is already in it.
  const attempt = boundAttempt(reserved, 'otp');
  const { flow } = attempt;
  return settle(db, ctx, attempt, async () => {
    const given = otpDigest(flow.id, input.code);
    if (!flow.otpHash || !digestsEqual(flow.otpHash, given)) {
      const error = await recordFailure(db, attempt, ctx, now, { revealAccountLock: true });
      // This code is spent after its last try: say so, so the customer asks for a new one.
      if (error.code === 'verification_failed' && flow.otpAttempts >= securityPolicy().otpMaxTries)
        return fail({ ...error, otp: 'exhausted' });
      return fail(error);
    }
    // Password kind, first code: the cooling-off wait starts (docs/design.md#forgotten-password).
    const wait = flow.kind === 'password' && !flow.resumedAt ? await startWaiting(db, flow, ctx, now) : null;
    const moved = await advance(db, attempt, ctx, now, {
      customerId: flow.customerId!,
      set: { otpVerifiedAt: now, otpHash: null, otpExpiresAt: null, ...wait?.set },
      // Single use, and only the very code that was checked: a resend in between kills it. The first
      // factor of the kind (password, or trading PIN) was verified in this flow.
      guard: and(
        eq(recoveryFlows.otpHash, given),
        gt(recoveryFlows.otpExpiresAt, now),
        isNotNull(flow.kind === 'password' ? recoveryFlows.pinVerifiedAt : recoveryFlows.passwordVerifiedAt),
      ),
      ...(wait ? { details: wait.details, also: wait.also } : {}),
    });
    return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
  });
}

export type OtpResent = { step: 'otp'; sendsLeft: number; resendAvailableAt: string | null };

/** 「コードを再送する」: a new code (the old one dies), at most 3 sends per flow, 60 s apart; failures carry over. */
export async function resendOtp(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<OtpResent>> {
  const now = clock(ctx);
  const p = securityPolicy();
  const limited = await countAndLimit(db, ctx, attemptBuckets(ctx), now);
  if (limited) return fail(limited);
  const opened = await openFlow(db, token, { type: 'resend' }, ctx, now, 'otp_resend');
  if (!opened.ok) return opened;
  const { flow } = opened;
  const customer = await boundCustomer(db, flow);
  if (!customer) return fail({ code: 'wrong_step', step: flow.step });
  if (isAccountLocked(customer, now)) return fail(await accountLockedError(db, flow, ctx, 'otp_resend'));
  const code = newOtpCode();
  const lockCode = await noticeLockCode(db, customer.id);
  const earliest = new Date(now.getTime() - p.otpResendIntervalMs);
  const sent = await transactionWithRetry(db, async (tx) => {
    const rows = await tx
      .update(recoveryFlows)
      .set({ ...otpFields(now, code, flow.id), otpSends: sql`${recoveryFlows.otpSends} + 1` })
      .where(
        and(
          eq(recoveryFlows.id, flow.id),
          eq(recoveryFlows.step, 'otp'),
          gt(recoveryFlows.expiresAt, now),
          lt(recoveryFlows.otpSends, p.otpMaxSends),
          sql`(${recoveryFlows.otpLastSentAt} is null or ${recoveryFlows.otpLastSentAt} <= ${ts(earliest)})`,
          customerNotLocked(now),
        ),
      )
      .returning({ otpSends: recoveryFlows.otpSends });
    if (rows.length !== 1) return null;
    await audit(tx, ctx, 'recovery.otp.resent', {
      flowId: flow.id,
      customerId: customer.id,
      details: { sends: rows[0].otpSends },
    });
    await queueOtpEmail(tx, {
      customer,
      code,
      lockCode,
      now,
      lang: flow.lang,
      passwordReset: flow.kind === 'password',
    });
    return rows[0].otpSends;
  });
  if (sent === null) return fail(await resendRefused(db, flow.id, customer.id, ctx, now));
  const sendsLeft = Math.max(0, p.otpMaxSends - sent);
  return {
    ok: true,
    value: {
      step: 'otp',
      sendsLeft,
      resendAvailableAt: sendsLeft ? new Date(now.getTime() + p.otpResendIntervalMs).toISOString() : null,
    },
  };
}

/** Why the guarded resend changed nothing: the flow moved on, all sends are spent, or it is too soon. */
async function resendRefused(db: Db, flowId: string, customerId: string, ctx: Ctx, now: Date): Promise<RecoveryError> {
  const p = securityPolicy();
  const current = await reloadFlow(db, flowId);
  const t = checkTransition(current, { type: 'resend' }, now);
  if (!t.ok) return transitionError(db, current, t, ctx, 'otp_resend');
  await audit(db, ctx, 'recovery.otp.resend_refused', { flowId, customerId, details: { sends: current.otpSends } });
  if (current.otpSends >= p.otpMaxSends) {
    return {
      code: 'rate_limited',
      reason: 'otp_send_limit',
      retryAfter: Math.max(1, Math.ceil((current.expiresAt.getTime() - now.getTime()) / 1000)),
    };
  }
  const next = (current.otpLastSentAt?.getTime() ?? 0) + p.otpResendIntervalMs;
  return {
    code: 'rate_limited',
    reason: 'otp_resend_interval',
    retryAfter: Math.max(1, Math.ceil((next - now.getTime()) / 1000)),
  };
}
