import { recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { verifyPassword, verifySecret } from '../auth/password';
import { securityPolicy } from '../config/security';
import { isAccountLocked } from './account-lock';
import { audit, clock, fail, type Ctx } from './context';
import { FIRST_STEP, type FirstStep, type FlowKind, type RecoveryStep } from './flow';
import { boundCustomer, endFlow, reloadFlow, type FlowUpdate } from './flow-store';
import { accountLockedError, checkTransition, openFlow, transitionError } from './gate';
import { countAndLimit, flowBuckets } from './limits';
import { noticeLockCode } from './lock-code';
import { normalizeAnswer } from './normalize';
import { otpFields, queueOtpEmail } from './otp';
import { noteCredentialFailure, RECENT_LOCK_ACTION, redFlagHold } from './red-flags';
import { accountDataMatches, hashFlowToken, newFlowToken, newOtpCode } from './tokens';
import type { RecoveryResult } from './types';
import {
  advance,
  boundAttempt,
  recordFailure,
  reserveAttempt,
  settle,
  wellFormed,
  type Advanced,
  type Attempt,
} from './verification';

/*
 * The public steps of the recovery flow (docs/design.md), shared by the web's server actions and the
 * JSON API: each reserves its attempt, checks its evidence and hands the outcome to the pipeline
 * (verification.ts). The emailed code is in otp.ts, completion in completion.ts.
 */

export type StartedFlow = { flowToken: string; flowId: string; step: FirstStep; expiresAt: string; kind: FlowKind };
export type StepPassed = { step: RecoveryStep };

function passed(moved: Advanced): RecoveryResult<StepPassed> {
  return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
}

/**
 * 「本人確認をはじめる」 / POST /api/v1/recovery/flows: a new flow at its kind's first step — `credentials`
 * (passkey, the default) or `credentials_pin` (password) — 20 per IP an hour, both kinds together.
 */
export async function startFlow(
  db: Db,
  ctx: Ctx,
  opts: { kind?: FlowKind } = {},
): Promise<RecoveryResult<StartedFlow>> {
  const now = clock(ctx);
  const kind = opts.kind ?? 'passkey';
  const step = FIRST_STEP[kind];
  const limited = await countAndLimit(db, ctx, flowBuckets(ctx), now);
  if (limited) return fail(limited);
  const flowToken = newFlowToken();
  const expiresAt = new Date(now.getTime() + securityPolicy().flowTtlMs);
  const flowId = await transactionWithRetry(db, async (tx) => {
    const [row] = await tx
      .insert(recoveryFlows)
      .values({
        tokenHash: hashFlowToken(flowToken),
        kind,
        step,
        createdAt: now,
        expiresAt,
        ip: ctx.ip,
        userAgent: ctx.userAgent ?? null,
        channel: ctx.channel ?? 'web',
        lang: ctx.lang ?? 'ja',
      })
      .returning({ id: recoveryFlows.id });
    await audit(tx, ctx, 'recovery.started', { flowId: row.id, details: { kind, expiresAt: expiresAt.toISOString() } });
    return row.id;
  });
  return { ok: true, value: { flowToken, flowId, step, expiresAt: expiresAt.toISOString(), kind } };
}

/**
 * Step 1: login ID and password. An unknown ID, a wrong password, a locked or a recovery-suspended
 * account all answer the same (status, body, one argon2 verify — against a dummy hash when the ID is
 * unknown, and the same statements); the lock is revealed only after the right password.
 */
export async function submitCredentials(
  db: Db,
  token: string,
  input: { loginId: string; password: string },
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  return submitFirstStep(db, token, 'credentials', input.loginId, input.password, ctx);
}

/**
 * Step 1 of the password kind (docs/design.md#forgotten-password): login ID and 取引暗証番号 (4 digits,
 * argon2id in customers.trading_pin_hash). Counted exactly like the password step — 5 per flow, 10 per
 * account in 24 h, per-login-ID and per-IP limits, one argon2 verify on every path (a dummy hash for an
 * unknown ID or an account with no PIN on file), the same answer for every failure, a lock revealed
 * only after the right PIN.
 */
export async function submitCredentialsPin(
  db: Db,
  token: string,
  input: { loginId: string; tradingPin: string },
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  return submitFirstStep(db, token, 'credentials_pin', input.loginId, input.tradingPin, ctx);
}

async function submitFirstStep(
  db: Db,
  token: string,
  step: FirstStep,
  loginId: string,
  secret: string,
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const reserved = await reserveAttempt(db, token, step, ctx, now, loginId);
  if (!reserved.ok) return reserved;
  const { flow, customer } = reserved;
  const attempt: Attempt = { flow, step, customerId: customer?.id ?? null, accountReserved: false, audited: false };
  return settle(db, ctx, attempt, async () => {
    const stored = step === 'credentials' ? customer?.passwordHash : customer?.tradingPinHash;
    const valid = await (step === 'credentials'
      ? verifyPassword(stored ?? null, secret)
      : verifySecret(stored ?? null, secret));
    if (!customer || !valid) {
      const error = await recordFailure(db, attempt, ctx, now, {
        revealAccountLock: false,
        details: { loginId: wellFormed(loginId) },
      });
      await noteCredentialFailure(db, ctx, loginId, now);
      return fail(error);
    }
    if (isAccountLocked(customer, now)) {
      attempt.audited = true; // accountLockedError audits the refusal
      return fail(await accountLockedError(db, flow, ctx, step, customer.id));
    }
    const verified: FlowUpdate = step === 'credentials' ? { passwordVerifiedAt: now } : { pinVerifiedAt: now };
    return passed(
      await advance(db, attempt, ctx, now, { customerId: customer.id, set: { customerId: customer.id, ...verified } }),
    );
  });
}

/** Step 2: the answer to the customer's own question, normalized (ポチ = ぽち = ﾎﾟﾁ), one argon2 verify. */
export async function submitSecretAnswer(
  db: Db,
  token: string,
  input: { answer: string },
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const reserved = await reserveAttempt(db, token, 'secret_question', ctx, now);
  if (!reserved.ok) return reserved;
  const attempt = boundAttempt(reserved, 'secret_question');
  return settle(db, ctx, attempt, async () => {
    const customer = await boundCustomer(db, attempt.flow);
    const valid = await verifySecret(customer?.secretAnswerHash ?? null, normalizeAnswer(input.answer));
    if (!customer || !valid) return fail(await recordFailure(db, attempt, ctx, now, { revealAccountLock: true }));
    return passed(await advance(db, attempt, ctx, now, { customerId: customer.id }));
  });
}

/**
 * Step 3: 生年月日, 部店コード, 口座番号 — one constant-time compare of digests, one generic failure.
 * On success the first code is generated and its email queued in the same transaction.
 */
export async function submitAccountData(
  db: Db,
  token: string,
  input: { birthDate: string; branchCode: string; accountNumber: string },
  ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const reserved = await reserveAttempt(db, token, 'account_data', ctx, now);
  if (!reserved.ok) return reserved;
  const attempt = boundAttempt(reserved, 'account_data');
  const { flow } = attempt;
  return settle(db, ctx, attempt, async () => {
    const customer = await boundCustomer(db, flow);
    if (!customer || !accountDataMatches(input, customer))
      return fail(await recordFailure(db, attempt, ctx, now, { revealAccountLock: true }));
    const code = newOtpCode();
    // The code email is the first notice a victim of a takeover sees: it carries the lock code.
    const lockCode = await noticeLockCode(db, customer.id);
    // RT-30 red flag: right after a recovery lock ended, the code is held (valid from, and sent at, `hold.until`);
    // the flow's lifetime grows by the same delay so the wait costs the customer nothing.
    const hold = redFlagHold(customer, now);
    return passed(
      await advance(db, attempt, ctx, now, {
        customerId: customer.id,
        set: {
          ...otpFields(hold?.until ?? now, code, flow.id),
          otpSends: 1,
          ...(hold ? { expiresAt: new Date(flow.expiresAt.getTime() + securityPolicy().redFlagOtpDelayMs) } : {}),
        },
        details: { otpSent: 1, ...(hold ? { otpHeldUntil: hold.until.toISOString() } : {}) },
        also: async (tx) => {
          await queueOtpEmail(tx, {
            customer,
            code,
            lockCode,
            now,
            notBefore: hold?.until,
            lang: flow.lang,
            passwordReset: flow.kind === 'password',
          });
          if (!hold) return;
          await audit(tx, ctx, RECENT_LOCK_ACTION, {
            flowId: flow.id,
            customerId: customer.id,
            details: { lockEndedAt: hold.lockEndedAt.toISOString(), otpHeldUntil: hold.until.toISOString() },
          });
        },
      }),
    );
  });
}

/** The customer gives up: any live step → `cancelled`. */
export async function cancelFlow(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<{ step: 'cancelled' }>> {
  const now = clock(ctx);
  const opened = await openFlow(db, token, { type: 'cancel' }, ctx, now, 'cancel');
  if (!opened.ok) return opened;
  const { flow } = opened;
  if (!(await endFlow(db, flow.id, 'cancelled'))) {
    const current = await reloadFlow(db, flow.id);
    const t = checkTransition(current, { type: 'cancel' }, now);
    return fail(
      t.ok ? { code: 'wrong_step', step: current.step } : await transitionError(db, current, t, ctx, 'cancel'),
    );
  }
  await audit(db, ctx, 'recovery.cancelled', {
    flowId: flow.id,
    customerId: flow.customerId,
    details: { step: flow.step },
  });
  return { ok: true, value: { step: 'cancelled' } };
}
