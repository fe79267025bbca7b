import { securityPolicy } from '../config/security';
import type { RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { isAccountLocked } from './account-lock';
import { audit, type Ctx } from './context';
import { transition, type FlowEvent, type Transition, type VerificationStep } from './flow';
import { accountLockState, endFlow, loadFlow } from './flow-store';
import type { RecoveryError } from './types';

/*
 * The gate in front of every step: whether flow.ts allows an event now (`checkTransition`), and the
 * error a step answers when it does not (`transitionError`) or when the account stops it
 * (`accountLockedError`, `accountLimitError`). The errors that change something (a flow persisted as
 * expired or locked) and every bypass attempt are audited here.
 */

export type Refused = Extract<Transition, { ok: false }>;

/** flow.ts' pure decision, with the configured failure limit. */
export function checkTransition(flow: RecoveryFlow, event: FlowEvent, now: Date): Transition {
  return transition(flow, event, { now, maxFailures: securityPolicy().flowMaxFailures });
}

/**
 * The API error of a refused transition; persists `expired` (a POST may write, a GET never does) and
 * audits attempts at the wrong step — a skipped step is a bypass attempt.
 */
export async function transitionError(
  db: Db,
  flow: RecoveryFlow,
  t: Refused,
  ctx: Ctx,
  attempted: string,
): Promise<RecoveryError> {
  switch (t.reason) {
    case 'expired':
      if (t.step !== 'expired' && (await endFlow(db, flow.id, 'expired'))) {
        await audit(db, ctx, 'recovery.expired', {
          flowId: flow.id,
          customerId: flow.customerId,
          details: { step: t.step },
        });
      }
      return { code: 'flow_expired' };
    case 'locked':
      return { code: 'locked' };
    case 'too_early':
      return { code: 'wrong_step', step: t.step, ...(t.resumeAt ? { resumeAt: t.resumeAt.toISOString() } : {}) };
    case 'finished':
    case 'wrong_step':
      await audit(db, ctx, 'recovery.step_rejected', {
        flowId: flow.id,
        customerId: flow.customerId,
        details: { attempted, step: t.step },
      });
      return { code: 'wrong_step', step: t.step };
  }
}

export type Opened = { ok: true; flow: RecoveryFlow } | { ok: false; error: RecoveryError };

/** Reads the flow and asks flow.ts whether `event` may happen now (the steps that reserve no attempt). */
export async function openFlow(
  db: Db,
  token: string,
  event: FlowEvent,
  ctx: Ctx,
  now: Date,
  attempted: string,
): Promise<Opened> {
  const flow = await loadFlow(db, token);
  if (!flow) return { ok: false, error: { code: 'flow_expired' } };
  const t = checkTransition(flow, event, now);
  if (!t.ok) return { ok: false, error: await transitionError(db, flow, t, ctx, attempted) };
  return { ok: true, flow };
}

/**
 * The right evidence, but the account's recovery is locked: the flow ends as `locked`. At step 1 the flow is bound to
 * the account the right password named, so its screen can say which stop it is and when it ends.
 */
export async function accountLockedError(
  db: Db,
  flow: RecoveryFlow,
  ctx: Ctx,
  step: string,
  customerId = flow.customerId,
): Promise<RecoveryError> {
  if (await endFlow(db, flow.id, 'locked', !flow.customerId && customerId ? { customerId } : {})) {
    await audit(db, ctx, 'recovery.refused_account_locked', { flowId: flow.id, customerId, details: { step } });
  }
  return { code: 'locked' };
}

/**
 * The flow was ready but the account took no further attempt: its recovery is locked, or the attempts
 * already counted and in flight reach its limit (the lock follows when they fail). Nothing is checked.
 */
export async function accountLimitError(
  db: Db,
  flow: RecoveryFlow,
  ctx: Ctx,
  step: VerificationStep,
  now: Date,
): Promise<RecoveryError> {
  const account = await accountLockState(db, flow.customerId!);
  if (account && isAccountLocked(account, now)) return accountLockedError(db, flow, ctx, step);
  await audit(db, ctx, 'recovery.refused_account_limit', {
    flowId: flow.id,
    customerId: flow.customerId,
    details: { step },
  });
  return { code: 'locked' };
}

/** The account of `flowId` got locked, or flow.ts says why the flow cannot do `event` any more. */
export async function whyRefusedNow(
  db: Db,
  current: RecoveryFlow,
  event: FlowEvent,
  ctx: Ctx,
  now: Date,
  attempted: string,
): Promise<RecoveryError> {
  const account = current.customerId ? await accountLockState(db, current.customerId) : undefined;
  if (account && isAccountLocked(account, now)) return accountLockedError(db, current, ctx, attempted);
  const again = checkTransition(current, event, now);
  if (!again.ok) return transitionError(db, current, again, ctx, attempted);
  return { code: 'wrong_step', step: current.step };
}
