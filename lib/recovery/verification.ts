import { and, eq, gt, sql, type SQL } from 'drizzle-orm';
import { recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import { statementWithRetry, transactionWithRetry } from '../../db/tx';
import { changeWithAudit, stepPassedAction } from '../audit';
import { securityPolicy } from '../config/security';
import { errorFields, logger } from '../log';
import { FAILURE_ACTION, recordAccountFailure, returnAccountAttempt } from './account-lock';
import { audit, auditInput, fail, type Ctx } from './context';
import { isFirstStep, type RecoveryStep } from './flow';
import { customerNotLocked, lockFlowAt, reloadFlow, returnFlowAttempt, type FlowUpdate } from './flow-store';
import { checkTransition, transitionError, whyRefusedNow } from './gate';
import type { Attempt } from './reserve';
import type { RecoveryError, RecoveryResult } from './types';

export { boundAttempt, reserveAttempt, type Attempt, type Reserved } from './reserve';

/*
 * The verification pipeline (Kratos' strategy), the same for every step that checks evidence:
 *   1. rate limits (per IP, and per login ID at step 1 — inside a live flow only), before any hash;
 *   2. the flow is found by the sha-256 of its token, at the right step, alive, with attempts left;
 *   3. one attempt is reserved on the flow (`failed_attempts + 1`) and, at steps 2–4, on the account
 *      (`failed_recovery_count + 1` under its row lock), each guarded by its limit and outside any
 *      business transaction — concurrent guesses never exceed either limit, no rollback gives one back
 *      (reserveAttempt);
 *   4. the step checks the evidence (one argon2 verify, or a constant-time compare);
 *   5. failure: audit row, account count (10 in 24 h → recovery locked), the flow locked at its 5th
 *      (recordFailure); success: a guarded UPDATE moves the step, gives the attempt back and audits
 *      (advance). Whatever breaks after step 3 still ends in an audited failure (settle).
 * Steps 1–3 (reserveAttempt) are in reserve.ts; this file has the outcomes (settle, recordFailure, advance).
 */

/**
 * Runs a step once its attempt is reserved. Whatever goes wrong after the reservation, the attempt ends
 * in an audited outcome: if it was not audited yet, a failure is audited in place of the one that could
 * not be written (docs/threat-model.md: a spent attempt is always a failure on record) and the step
 * answers `unavailable`, never a thrown error.
 */
export async function settle<T>(
  db: Db,
  ctx: Ctx,
  attempt: Attempt,
  run: () => Promise<RecoveryResult<T>>,
): Promise<RecoveryResult<T>> {
  try {
    return await run();
  } catch (err) {
    const { code } = errorFields(err);
    logger.error(
      { err: errorFields(err), flowId: attempt.flow.id, step: attempt.step },
      'recovery step failed after its attempt was counted',
    );
    if (!attempt.audited) {
      await audit(db, ctx, FAILURE_ACTION, {
        flowId: attempt.flow.id,
        customerId: attempt.customerId,
        details: { step: attempt.step, outcome: 'error', code: code ?? 'unknown' },
      }).then(
        () => {
          attempt.audited = true;
        },
        (auditErr: unknown) =>
          logger.error(
            { err: errorFields(auditErr), flowId: attempt.flow.id },
            'recovery failure could not be audited',
          ),
      );
    }
    return fail({ code: 'unavailable' });
  }
}

/** Text for an audit event's details that the database accepts: a lone surrogate becomes U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/\p{Cs}/gu, '\uFFFD');
}

/**
 * Step 5 on failure. `revealAccountLock` is false at step 1, where the password was wrong: a lock is
 * never revealed before the right password (an unknown ID must read exactly like a known one).
 */
export async function recordFailure(
  db: Db,
  attempt: Attempt,
  ctx: Ctx,
  now: Date,
  opts: { revealAccountLock: boolean; details?: Record<string, unknown> },
): Promise<RecoveryError> {
  const { flow, step, customerId } = attempt;
  const failures = flow.failedAttempts;
  await audit(db, ctx, FAILURE_ACTION, { flowId: flow.id, customerId, details: { step, failures, ...opts.details } });
  attempt.audited = true;
  const account = await recordAccountFailure(db, customerId, now, ctx, { reserved: attempt.accountReserved });
  const t = checkTransition(flow, { type: 'failed', step }, now);
  if (t.ok && t.to === 'locked') {
    if (await lockFlowAt(db, flow.id, step))
      await audit(db, ctx, 'recovery.flow_locked', { flowId: flow.id, customerId, details: { step, failures } });
    return { code: 'locked' };
  }
  if (account.lockedNow && opts.revealAccountLock) return { code: 'locked' };
  return { code: 'verification_failed', attemptsLeft: Math.max(0, securityPolicy().flowMaxFailures - failures) };
}

export type Advanced = { ok: true; to: RecoveryStep } | { ok: false; error: RecoveryError };

/**
 * Step 5 on success: moves the step on in one transaction (guarded UPDATE, row count checked), gives
 * the reserved attempt back (on the account first, then on the flow: the lock order of every writer),
 * audits, and runs `also` (e.g. the code email) in the same transaction. Returns the refusal when
 * another request moved the flow first.
 */
export async function advance(
  db: Db,
  attempt: Attempt,
  ctx: Ctx,
  now: Date,
  opts: {
    set?: FlowUpdate;
    guard?: SQL;
    customerId: string;
    details?: Record<string, unknown>;
    also?: (tx: Db) => Promise<void>;
  },
): Promise<Advanced> {
  const { flow, step: from } = attempt;
  const t = checkTransition(flow, { type: 'verified', step: from }, now);
  if (!t.ok) return { ok: false, error: await transitionError(db, flow, t, ctx, from) };
  const update = (q: Db) =>
    q
      .update(recoveryFlows)
      .set({ ...opts.set, step: t.to, failedAttempts: sql`greatest(${recoveryFlows.failedAttempts} - 1, 0)` })
      .where(
        and(
          eq(recoveryFlows.id, flow.id),
          eq(recoveryFlows.step, from),
          gt(recoveryFlows.expiresAt, now),
          isFirstStep(from) ? undefined : customerNotLocked(now),
          opts.guard,
        ),
      )
      .returning({ id: recoveryFlows.id });
  const event = { flowId: flow.id, customerId: opts.customerId, details: { next: t.to, ...opts.details } };
  const { also } = opts;
  const moved =
    also || attempt.accountReserved
      ? await transactionWithRetry(db, async (tx) => {
          if (attempt.accountReserved) await returnAccountAttempt(tx, opts.customerId);
          if ((await update(tx)).length !== 1) return false;
          await audit(tx, ctx, stepPassedAction(from), event);
          if (also) await also(tx);
          return true;
        })
      : // Nothing else to write: the guarded UPDATE and its audit event are one statement.
        (await statementWithRetry(() =>
          changeWithAudit(db, update(db).getSQL(), auditInput(ctx, stepPassedAction(from), event)),
        )) === 1;
  // Either way the attempt is settled: passed and audited, or given back below as no failure at all.
  attempt.audited = true;
  if (moved) return { ok: true, to: t.to };
  // Someone else moved the flow (or the account got locked) in between: this attempt was not a failure.
  await returnFlowAttempt(db, flow.id);
  return {
    ok: false,
    error: await whyRefusedNow(db, await reloadFlow(db, flow.id), { type: 'verified', step: from }, ctx, now, from),
  };
}
