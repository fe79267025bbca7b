import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { securityPolicy } from '../config/security';
import { audit, clock, fail, ts, type Ctx } from './context';
import { ACTIVE_STEPS } from './flow';
import { loadFlow, reloadFlow } from './flow-store';
import { checkTransition, transitionError } from './gate';
import { customerNotLocked } from './flow-store';
import type { RecoveryResult } from './types';

/*
 * 「時間を延長する」 (WCAG 2.2.1 Timing Adjustable; docs/design.md#security-rules): a live flow may be extended
 * MAX_FLOW_EXTENSIONS times. Each extension moves its end to FLOW_TTL_SECONDS from now, never past
 * MAX_FLOW_EXTENSIONS + 1 lifetimes after its start, so a flow lives at most 45 minutes with the defaults. One guarded
 * UPDATE decides (live step, not expired, under the count, the account not locked) so two tabs extending at once
 * extend once each at most; every extension is audited (`recovery.extended`), a refusal past the cap answers
 * `extend_limit` and changes nothing.
 */

export const MAX_FLOW_EXTENSIONS = 2;

/** The longest a flow can live: its lifetime plus every extension (the recovery cookie's max-age). */
export function maxFlowLifetimeMs(): number {
  return securityPolicy().flowTtlMs * (MAX_FLOW_EXTENSIONS + 1);
}

export async function extendFlow(
  db: Db,
  token: string,
  ctx: Ctx,
): Promise<RecoveryResult<{ expiresAt: string; extensions: number }>> {
  const now = clock(ctx);
  const flow = await loadFlow(db, token);
  if (!flow) return fail({ code: 'flow_expired' });
  // `cancel` is allowed from every live step and refused exactly when the flow is over: the same liveness test.
  const live = checkTransition(flow, { type: 'cancel' }, now);
  if (!live.ok) return fail(await transitionError(db, flow, live, ctx, 'extend'));
  const ttl = securityPolicy().flowTtlMs;
  const newEnd = sql`least(${ts(new Date(now.getTime() + ttl))}, created_at + ${`${(ttl * (MAX_FLOW_EXTENSIONS + 1)) / 1000} seconds`}::interval)`;
  return transactionWithRetry(db, async (tx) => {
    const rows = await queryRows<{ expires_at: Date | string; extensions: number }>(
      tx,
      sql`
      update recovery_flows set expires_at = ${newEnd}, extensions = extensions + 1
      where id = ${flow.id} and step in (${sql.join(
        ACTIVE_STEPS.map((s) => sql`${s}`),
        sql`, `,
      )})
        and expires_at > ${ts(now)} and extensions < ${MAX_FLOW_EXTENSIONS} and ${newEnd} > expires_at
        and (customer_id is null or ${customerNotLocked(now)})
      returning expires_at, extensions`,
    );
    if (rows.length !== 1) {
      const current = await reloadFlow(tx, flow.id);
      const again = checkTransition(current, { type: 'cancel' }, now);
      if (!again.ok) return fail(await transitionError(tx, current, again, ctx, 'extend'));
      return fail({ code: 'extend_limit' });
    }
    const expiresAt = new Date(rows[0].expires_at).toISOString();
    const extensions = Number(rows[0].extensions);
    await audit(tx, ctx, 'recovery.extended', {
      flowId: flow.id,
      customerId: flow.customerId,
      details: { extensions, expiresAt },
    });
    return { ok: true, value: { expiresAt, extensions } };
  });
}
