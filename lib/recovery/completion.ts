import { and, eq, gt, gte, isNotNull } from 'drizzle-orm';
import { recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { isLocale } from '../i18n/types';
import { errorFields, logger } from '../log';
import { audit, clock, fail, type Ctx } from './context';
import { customerNotLocked, loadFlow, reloadFlow } from './flow-store';
import { checkTransition, transitionError, whyRefusedNow } from './gate';
import { attemptBuckets, countAndLimit } from './limits';
import { cancelWaitingFlows } from './password-reset';
import { newReferenceNumber, prepareLockCode, revokePasskeysAndEnablePassword } from './reset';
import type { CompletionResult, RecoveryResult } from './types';

/** What a completed flow answers again: its reference number, time and count, from the stored result. */
function storedResult(flow: RecoveryFlow): CompletionResult {
  const r = (flow.result ?? {}) as Partial<CompletionResult>;
  return {
    referenceNumber: flow.referenceNumber ?? r.referenceNumber ?? '',
    completedAt: (flow.completedAt ?? new Date(0)).toISOString(),
    revokedPasskeys: Number(r.revokedPasskeys ?? 0),
    passwordLoginEnabled: true,
    ...(flow.kind === 'password' ? { passwordChanged: true as const } : {}),
  };
}

/**
 * The evidence completion needs, per kind (docs/design.md#security-rules: knowledge checks are never
 * enough alone). Passkey: the password and the emailed code. Password: the trading PIN, the code again
 * after the wait (verified after the resume), and an accepted new password.
 */
function factorsVerified(flow: RecoveryFlow) {
  return flow.kind === 'password'
    ? and(
        isNotNull(recoveryFlows.pinVerifiedAt),
        isNotNull(recoveryFlows.resumedAt),
        isNotNull(recoveryFlows.otpVerifiedAt),
        gte(recoveryFlows.otpVerifiedAt, recoveryFlows.resumedAt),
        isNotNull(recoveryFlows.newPasswordHash),
      )
    : and(isNotNull(recoveryFlows.passwordVerifiedAt), isNotNull(recoveryFlows.otpVerifiedAt));
}

function hasFactors(flow: RecoveryFlow): boolean {
  if (!flow.customerId || !flow.otpVerifiedAt) return false;
  if (flow.kind !== 'password') return !!flow.passwordVerifiedAt;
  return !!flow.pinVerifiedAt && !!flow.resumedAt && flow.otpVerifiedAt >= flow.resumedAt && !!flow.newPasswordHash;
}

/**
 * The completion transaction, once: a guarded UPDATE marks the flow done (only from `review`, with
 * the password and the emailed code verified in this flow, before expiry, the account not locked; row
 * count checked), then revokePasskeysAndEnablePassword does the rest. Null when the guard held nothing.
 */
async function completeOnce(
  db: Db,
  flow: RecoveryFlow,
  customerId: string,
  ctx: Ctx,
  now: Date,
  lock: { lockCode: string; lockCodeHash: string },
) {
  const password = flow.kind === 'password';
  // The password kind got its 受付番号 when the wait began; the customer has it already.
  const referenceNumber = password && flow.referenceNumber ? flow.referenceNumber : newReferenceNumber(now);
  return transactionWithRetry(db, async (tx) => {
    const result: CompletionResult = {
      referenceNumber,
      completedAt: now.toISOString(),
      revokedPasskeys: 0,
      passwordLoginEnabled: true,
      ...(password ? { passwordChanged: true as const } : {}),
    };
    const rows = await tx
      .update(recoveryFlows)
      // The new password's hash leaves the flow row: from now on it lives on the account only.
      .set({ step: 'done', completedAt: now, referenceNumber, result, ...(password ? { newPasswordHash: null } : {}) })
      .where(
        and(
          eq(recoveryFlows.id, flow.id),
          eq(recoveryFlows.step, 'review'),
          gt(recoveryFlows.expiresAt, now),
          factorsVerified(flow),
          customerNotLocked(now),
        ),
      )
      .returning({ id: recoveryFlows.id });
    if (rows.length !== 1) return null;
    const { revokedPasskeys } = await revokePasskeysAndEnablePassword(tx, {
      customerId,
      revokedBy: `recovery:${flow.id}`,
      reason: 'customer_recovery',
      referenceNumber,
      actor: { type: 'customer', id: customerId },
      flowId: flow.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      auditDetails: { channel: ctx.channel ?? 'web', kind: flow.kind },
      now,
      ...lock,
      lang: isLocale(flow.lang) ? flow.lang : 'ja',
      ...(password ? { newPasswordHash: flow.newPasswordHash! } : {}),
    });
    // Any other pending password reset of the customer is stale now (docs/design.md#forgotten-password).
    const cancelled = await cancelWaitingFlows(tx, customerId, flow.id);
    if (cancelled.length) {
      await audit(tx, ctx, 'recovery.waiting_cancelled', {
        flowId: flow.id,
        customerId,
        details: { cause: 'recovery_completed', flows: cancelled },
      });
    }
    const final = { ...result, revokedPasskeys };
    await tx.update(recoveryFlows).set({ result: final }).where(eq(recoveryFlows.id, flow.id));
    return final;
  });
}

/**
 * Step 5 → 6 (docs/design.md#completion): revokes every active passkey, turns password login on,
 * ends all sessions, audits and queues the email — all or nothing, retried whole on 40001/40P01.
 * Idempotent: a repeated or concurrent submit, or a replayed token, gets the stored result and changes
 * nothing. Never signs the customer in.
 */
export async function completeFlow(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<CompletionResult>> {
  const now = clock(ctx);
  const limited = await countAndLimit(db, ctx, attemptBuckets(ctx), now);
  if (limited) return fail(limited);
  const flow = await loadFlow(db, token);
  if (!flow) return fail({ code: 'flow_expired' });
  if (flow.step === 'done') return { ok: true, value: storedResult(flow) };
  const t = checkTransition(flow, { type: 'confirm' }, now);
  if (!t.ok) return fail(await transitionError(db, flow, t, ctx, 'complete'));
  if (!flow.customerId || !hasFactors(flow)) {
    await audit(db, ctx, 'recovery.step_rejected', {
      flowId: flow.id,
      customerId: flow.customerId,
      details: { attempted: 'complete', step: flow.step, reason: 'factors_missing' },
    });
    return fail({ code: 'wrong_step', step: flow.step });
  }
  const customerId = flow.customerId;
  const lock = await prepareLockCode();

  let outcome: CompletionResult | null = null;
  for (let attempt = 0; attempt < 2 && !outcome; attempt++) {
    try {
      outcome = await completeOnce(db, flow, customerId, ctx, now, lock);
      if (!outcome) break;
    } catch (err) {
      const { code } = errorFields(err);
      if (code === '23505' && attempt === 0) continue; // two equal reference numbers: draw another
      logger.error({ err: errorFields(err), flowId: flow.id }, 'recovery completion failed');
      await audit(db, ctx, 'recovery.complete_failed', {
        flowId: flow.id,
        customerId,
        details: { code: code ?? 'unknown' },
      }).catch(() => {});
      return fail({ code: 'unavailable' });
    }
  }
  if (outcome) return { ok: true, value: outcome };

  // Another submit won the race, or the flow changed: the stored result, or why not.
  const current = await reloadFlow(db, flow.id);
  if (current.step === 'done') return { ok: true, value: storedResult(current) };
  return fail(await whyRefusedNow(db, current, { type: 'confirm' }, ctx, now, 'complete'));
}
