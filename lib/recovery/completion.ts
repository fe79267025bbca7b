import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { isLocale } from '../i18n/types';
import { errorFields, logger } from '../log';
import { audit, clock, fail, type Ctx } from './context';
import { customerNotLocked, loadFlow, reloadFlow } from './flow-store';
import { checkTransition, transitionError, whyRefusedNow } from './gate';
import { attemptBuckets, countAndLimit } from './limits';
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
  };
}

/**
 * The completion transaction, once: a guarded UPDATE marks the flow done (only from `review`, with
 * the password and the emailed code verified in this flow, before expiry, the account not locked; row
 * count checked), then revokePasskeysAndEnablePassword does the rest. Null when the guard held nothing.
 */
async function completeOnce(db: Db, flow: RecoveryFlow, customerId: string, ctx: Ctx, now: Date, lock: { lockCode: string; lockCodeHash: string }) {
  const referenceNumber = newReferenceNumber(now);
  return transactionWithRetry(db, async (tx) => {
    const result: CompletionResult = { referenceNumber, completedAt: now.toISOString(), revokedPasskeys: 0, passwordLoginEnabled: true };
    const rows = await tx.update(recoveryFlows)
      .set({ step: 'done', completedAt: now, referenceNumber, result })
      .where(and(
        eq(recoveryFlows.id, flow.id), eq(recoveryFlows.step, 'review'), gt(recoveryFlows.expiresAt, now),
        isNotNull(recoveryFlows.passwordVerifiedAt), isNotNull(recoveryFlows.otpVerifiedAt), customerNotLocked(now),
      ))
      .returning({ id: recoveryFlows.id });
    if (rows.length !== 1) return null;
    const { revokedPasskeys } = await revokePasskeysAndEnablePassword(tx, {
      customerId, revokedBy: `recovery:${flow.id}`, reason: 'customer_recovery', referenceNumber,
      actor: { type: 'customer', id: customerId }, flowId: flow.id, ip: ctx.ip, userAgent: ctx.userAgent,
      auditDetails: { channel: ctx.channel ?? 'web' }, now, ...lock, lang: isLocale(flow.lang) ? flow.lang : 'ja',
    });
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
  if (!flow.customerId || !flow.passwordVerifiedAt || !flow.otpVerifiedAt) {
    await audit(db, ctx, 'recovery.step_rejected', { flowId: flow.id, customerId: flow.customerId, details: { attempted: 'complete', step: flow.step, reason: 'factors_missing' } });
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
      await audit(db, ctx, 'recovery.complete_failed', { flowId: flow.id, customerId, details: { code: code ?? 'unknown' } }).catch(() => {});
      return fail({ code: 'unavailable' });
    }
  }
  if (outcome) return { ok: true, value: outcome };

  // Another submit won the race, or the flow changed: the stored result, or why not.
  const current = await reloadFlow(db, flow.id);
  if (current.step === 'done') return { ok: true, value: storedResult(current) };
  return fail(await whyRefusedNow(db, current, { type: 'confirm' }, ctx, now, 'complete'));
}
