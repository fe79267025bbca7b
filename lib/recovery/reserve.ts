import { and, eq, gt, isNotNull, lt, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { securityPolicy } from '../config/security';
import { lockAccountRow, reserveAccountAttemptSql } from './account-lock';
import type { Ctx } from './context';
import { isFirstStep, type VerificationStep } from './flow';
import { asDate, flowFromRow, loadFlow } from './flow-store';
import { accountLimitError, checkTransition, transitionError } from './gate';
import { attemptBuckets, chargeInLiveFlowSql, decisionsFor, rateLimitError } from './limits';
import { hashFlowToken, isWellFormedFlowToken } from './tokens';
import type { RecoveryError } from './types';

/*
 * Steps 1–3 of the verification pipeline (lib/recovery/verification.ts): the rate limits, the flow
 * found at its step, and one attempt reserved on the flow and on the account before any hash.
 */
type LoginCustomer = {
  id: string;
  passwordHash: string | null;
  tradingPinHash: string | null;
  recoveryLockedUntil: Date | null;
  loginLockedAt: Date | null;
};

/** `accountReserved`: the attempt was also counted on the account (steps 2–4), to give back on success. */
export type Reserved =
  | { ok: true; flow: RecoveryFlow; customer: LoginCustomer | null; accountReserved: boolean }
  | { ok: false; error: RecoveryError };

/** One reserved attempt on its way to an outcome; `audited` once that outcome is in the audit trail. */
export type Attempt = {
  flow: RecoveryFlow;
  step: VerificationStep;
  customerId: string | null;
  accountReserved: boolean;
  audited: boolean;
};

/** Steps 2–4 after their reservation: the attempt, counted on the flow and on its account. */
export function boundAttempt(reserved: Extract<Reserved, { ok: true }>, step: VerificationStep): Attempt {
  return {
    flow: reserved.flow,
    step,
    customerId: reserved.flow.customerId,
    accountReserved: reserved.accountReserved,
    audited: false,
  };
}

/**
 * Steps 1–3 in one statement (one round trip on the hot path of step 1):
 *  - the rate limits are counted — per IP for every request, even with a malformed token, and at step 1
 *    per login ID (known or not, so it reveals nothing) when the token names a live flow at this step;
 *  - only if none is exceeded, the attempt is counted before the check on the flow (guarded by the
 *    step, the lifetime and the limits) and, at steps 2–4, on the account (reserveAccountAttemptSql,
 *    after the transaction took the account's row lock, so concurrent attempts over several flows never
 *    exceed the account's limit — RT-39);
 *  - at step 1, the account of `loginId` is read (the same statement whether it exists or not).
 * Only when nothing could be reserved is the flow read again and asked why. Returns the flow as counted.
 */
export async function reserveAttempt(
  db: Db,
  token: string,
  step: VerificationStep,
  ctx: Ctx,
  now: Date,
  loginId?: string,
): Promise<Reserved> {
  const p = securityPolicy();
  const buckets = attemptBuckets(ctx, loginId);
  const tokenHash = hashFlowToken(String(token));
  // The first step of either kind (password or trading PIN) binds the flow: counted per login ID, not on an account.
  const onAccount = !isFirstStep(step);
  const overLimit = sql.join(
    buckets.map((b) => sql`(l.key = ${b.key} and l.count > ${b.limit})`),
    sql` or `,
  );
  const withinLimits = sql`not exists (select 1 from limits l where ${overLimit})`;
  const otpGuard =
    step === 'otp'
      ? and(
          lt(recoveryFlows.otpAttempts, p.otpMaxTries),
          isNotNull(recoveryFlows.otpHash),
          gt(recoveryFlows.otpExpiresAt, now),
        )
      : undefined;
  const ready = and(
    eq(recoveryFlows.tokenHash, tokenHash),
    eq(recoveryFlows.step, step),
    gt(recoveryFlows.expiresAt, now),
    lt(recoveryFlows.failedAttempts, p.flowMaxFailures),
    otpGuard,
  );
  const live = db
    .select({ id: recoveryFlows.id, customerId: recoveryFlows.customerId })
    .from(recoveryFlows)
    .where(ready);
  const reserve = db
    .update(recoveryFlows)
    .set({
      failedAttempts: sql`${recoveryFlows.failedAttempts} + 1`,
      ...(step === 'otp' ? { otpAttempts: sql`${recoveryFlows.otpAttempts} + 1` } : {}),
    })
    .where(and(ready, withinLimits, onAccount ? sql`exists (select 1 from acct)` : undefined))
    .returning();
  const statement = sql`
    with live as (${live.getSQL()}),
    limits as (${chargeInLiveFlowSql(buckets, now)}),
    ${onAccount ? sql`acct as (${reserveAccountAttemptSql(sql`(select customer_id from live)`, now, withinLimits)}),` : sql``}
    reserved as (${reserve.getSQL()})
    select ${sql.join(
      buckets.map((b, i) => sql`(select count from limits where key = ${b.key}) as ${sql.raw(`limit_${i}`)}`),
      sql`, `,
    )},
      (select count(*) from live)::int as live_n,
      ${onAccount ? sql`(select count(*) from acct)::int as account_reserved,` : sql`0 as account_reserved,`}
      ${
        loginId === undefined
          ? sql`null::uuid as c_id, null as c_password_hash, null as c_trading_pin_hash, null::timestamptz as c_recovery_locked_until, null::timestamptz as c_login_locked_at`
          : sql`c.id as c_id, c.password_hash as c_password_hash, c.trading_pin_hash as c_trading_pin_hash, c.recovery_locked_until as c_recovery_locked_until, c.login_locked_at as c_login_locked_at`
      },
      r.*
    from (select 1) as one
      left join reserved r on true
      ${loginId === undefined ? sql`` : sql`left join customers c on c.login_id = ${loginId}`}`;
  // At steps 2–4 the account's row lock comes first, so the statement reads what every earlier attempt
  // on the account committed; an attempt counted on the account whose flow then could not be is given back.
  const row = !onAccount
    ? (await queryRows<Record<string, unknown>>(db, statement))[0]
    : await transactionWithRetry(db, async (tx) => {
        await lockAccountRow(tx, { flowTokenHash: tokenHash });
        const [r] = await queryRows<Record<string, unknown>>(tx, statement);
        if (Number(r?.account_reserved ?? 0) > 0 && r?.id == null) {
          await tx.execute(sql`update customers c set failed_recovery_count = greatest(c.failed_recovery_count - 1, 0)
          where c.id = (select customer_id from recovery_flows where token_hash = ${tokenHash})`);
        }
        return r;
      });

  const limited = await rateLimitError(
    db,
    ctx,
    buckets,
    decisionsFor(
      buckets,
      buckets.map((_, i) => Number(row?.[`limit_${i}`] ?? 0)),
      now,
    ),
  );
  if (limited) return { ok: false, error: limited };
  if (!isWellFormedFlowToken(token)) return { ok: false, error: { code: 'flow_expired' } };
  if (row?.id != null) {
    const customer =
      row.c_id == null
        ? null
        : {
            id: String(row.c_id),
            passwordHash: (row.c_password_hash as string | null) ?? null,
            tradingPinHash: (row.c_trading_pin_hash as string | null) ?? null,
            recoveryLockedUntil: asDate(row.c_recovery_locked_until),
            loginLockedAt: asDate(row.c_login_locked_at),
          };
    return { ok: true, flow: flowFromRow(row), customer, accountReserved: onAccount };
  }
  const flow = await loadFlow(db, token);
  if (!flow) return { ok: false, error: { code: 'flow_expired' } };
  if (onAccount && Number(row?.live_n ?? 0) > 0 && Number(row?.account_reserved ?? 0) === 0) {
    return { ok: false, error: await accountLimitError(db, flow, ctx, step, now) };
  }
  return { ok: false, error: await whyNotReserved(db, flow, step, ctx, now) };
}

/** Why no attempt could be reserved: the flow moved on, expired, locked — or the code is spent. */
async function whyNotReserved(
  db: Db,
  flow: RecoveryFlow,
  step: VerificationStep,
  ctx: Ctx,
  now: Date,
): Promise<RecoveryError> {
  const t = checkTransition(flow, { type: 'verified', step }, now);
  if (!t.ok) return transitionError(db, flow, t, ctx, step);
  const attemptsLeft = Math.max(0, securityPolicy().flowMaxFailures - flow.failedAttempts);
  if (step === 'otp' && attemptsLeft > 0) {
    const otp = !flow.otpHash
      ? 'none'
      : flow.otpExpiresAt && flow.otpExpiresAt.getTime() <= now.getTime()
        ? 'expired'
        : 'exhausted';
    return { code: 'verification_failed', attemptsLeft, otp };
  }
  return { code: 'verification_failed', attemptsLeft };
}
