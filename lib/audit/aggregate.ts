import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { RatePolicy } from '../config/security';
import { countHitsSql, decide, windowStartOf } from '../rate-limit';
import { appendAudit, changeWithAudit, type AuditActor } from './index';
import { isAggregatedAction, summaryAction, type AggregatedAction } from './actions';
import { logger } from '../log';

/**
 * Refusals anyone can cause (a staff action posted with no session, a passkey assertion for a
 * made-up credential) are audited without letting an attacker grow the append-only audit table
 * (docs/design.md#bounded-growth):
 *
 * - each refusal counts one hit in a rate-limit bucket keyed by window, actor, action, reason and
 *   client (a keyed hash of the IP network, lib/http/client-key): one upsert on one row per client
 *   and window, however many requests;
 * - the first refusal of the window writes its audit event at once (`details.aggregated: true`), so
 *   an alert or a staff member sees the attack while it happens;
 * - when the window has closed, the retention job (lib/jobs/retention) writes one
 *   `<action>.summary` event with the final count and deletes the bucket — both in one statement,
 *   so a summary is written exactly once even if two runs overlap, and never lost if one fails;
 * - past `limit` refusals in the window, the caller answers 429 instead of doing any more work.
 *
 * So one client makes at most two audit rows per reason and window. Many clients at once (a botnet,
 * or one attacker holding many /64s) are capped too: a second counter per action and reason, over
 * all clients, stops the first-of-window events after `globalMax` refusals in the window, and such a
 * window is summarised by one event for all clients (`scope: 'all'`) instead of one per client — at
 * most `globalMax` + 1 rows per action, reason and window, whatever the traffic.
 */
export const AGGREGATE_PREFIX = 'audit-agg|';

export type AggregatedRefusal = {
  actor: AuditActor;
  action: AggregatedAction;
  reason: string;
  /** clientKey(ip) for anonymous callers, or the signed-in subject's id. */
  client: string;
  ip?: string | null;
  customerId?: string | null;
  details?: Record<string, unknown>;
};

export type AggregateDecision =
  { allowed: true; count: number } | { allowed: false; count: number; retryAfterSeconds: number };

function bucketKey(windowSeconds: number, r: AggregatedRefusal): string {
  return [
    AGGREGATE_PREFIX.slice(0, -1),
    windowSeconds,
    r.actor.type,
    r.actor.id ?? '',
    r.action,
    r.reason,
    r.client,
  ].join('|');
}

/** The counter over all clients of one action and reason: actor type `*`. */
function globalKey(windowSeconds: number, r: AggregatedRefusal): string {
  return [AGGREGATE_PREFIX.slice(0, -1), windowSeconds, '*', '', r.action, r.reason, '*'].join('|');
}

/**
 * Counts one refusal and audits it if it is the first of its window. Returns whether the caller is
 * still under `limit` refusals in this window (else answer 429).
 */
export async function recordRefusal(
  db: Db,
  r: AggregatedRefusal,
  opts: { policy: RatePolicy; globalMax: number; now?: Date },
): Promise<AggregateDecision> {
  const now = opts.now ?? new Date();
  const { limit, windowMs } = opts.policy;
  const windowSeconds = Math.round(windowMs / 1000);
  const own = bucketKey(windowSeconds, r);
  const rows = await queryRows<{ key: string; count: number }>(
    db,
    countHitsSql([own, globalKey(windowSeconds, r)], windowMs, now),
  );
  const count = Number(rows.find((x) => x.key === own)?.count ?? 0);
  const all = Number(rows.find((x) => x.key !== own)?.count ?? 0);
  if (count === 1 && all <= opts.globalMax) {
    await appendAudit(db, {
      at: now,
      actor: r.actor,
      action: r.action,
      customerId: r.customerId ?? null,
      ip: r.ip ?? null,
      details: {
        ...(r.details ?? {}),
        reason: r.reason,
        client: r.client,
        aggregated: true,
        windowStart: windowStartOf(now, windowMs).toISOString(),
        windowSeconds,
      },
    });
  }
  return decide(count, limit, now, windowMs);
}

/**
 * Writes the `<action>.summary` event of every aggregation window that has closed with more than
 * one refusal, and deletes every closed window's bucket. Called by the retention job.
 */
export async function summarizeClosedWindows(
  db: Db,
  globalMax: number,
  now = new Date(),
  max = 500,
): Promise<{ summaries: number; closed: number }> {
  let summaries = 0;
  let closed = 0;
  // First the counters over all clients: a window past the cap gets one summary for everyone, and
  // its per-client counters go with it (same statement) without a summary each.
  const globals = await queryRows<{ key: string; window_start: string | Date; count: number }>(
    db,
    sql`
    select key, window_start, count from rate_limit_buckets
    where key like ${`${AGGREGATE_PREFIX}%`} and split_part(key, '|', 3) = '*'
      and window_start < ${now.toISOString()}::timestamptz - interval '1 second'
    order by window_start limit ${max}`,
  );
  for (const row of globals) {
    const [, seconds, , , action, reason] = row.key.split('|');
    const windowStart = new Date(row.window_start);
    const windowMs = Number(seconds) * 1000;
    if (!(windowMs > 0) || windowStart.getTime() + windowMs > now.getTime()) continue;
    const ws = windowStart.toISOString();
    const count = Number(row.count);
    // An action this version does not aggregate (a bucket left by an older one): its per-client
    // buckets are dropped below, with a log line.
    if (count <= globalMax || !isAggregatedAction(action)) {
      await db.execute(
        sql`delete from rate_limit_buckets where key = ${row.key} and window_start = ${ws}::timestamptz`,
      );
      continue;
    }
    closed++;
    const [r] = await queryRows<{ clients: number }>(
      db,
      sql`select count(*)::int - 1 as clients from rate_limit_buckets
      where window_start = ${ws}::timestamptz and key like ${`${AGGREGATE_PREFIX}%`}
        and split_part(key, '|', 2) = ${seconds} and split_part(key, '|', 5) = ${action} and split_part(key, '|', 6) = ${reason}`,
    );
    summaries += await changeWithAudit(
      db,
      sql`delete from rate_limit_buckets
      where window_start = ${ws}::timestamptz and key like ${`${AGGREGATE_PREFIX}%`}
        and split_part(key, '|', 2) = ${seconds} and split_part(key, '|', 5) = ${action} and split_part(key, '|', 6) = ${reason}
      returning 1`,
      {
        at: now,
        actor: { type: 'system' },
        action: summaryAction(action),
        details: {
          reason,
          scope: 'all',
          count,
          clients: Number(r?.clients ?? 0),
          windowStart: ws,
          windowEnd: new Date(windowStart.getTime() + windowMs).toISOString(),
          windowSeconds: Number(seconds),
        },
      },
    );
  }
  const rows = await queryRows<{ key: string; window_start: string | Date; count: number }>(
    db,
    sql`
    select key, window_start, count from rate_limit_buckets
    where key like ${`${AGGREGATE_PREFIX}%`} and split_part(key, '|', 3) <> '*'
      and window_start < ${now.toISOString()}::timestamptz - interval '1 second'
    order by window_start limit ${max}`,
  );
  for (const row of rows) {
    const [, seconds, actorType, actorId, action, reason, client] = row.key.split('|');
    const windowStart = new Date(row.window_start);
    const windowMs = Number(seconds) * 1000;
    if (!(windowMs > 0) || windowStart.getTime() + windowMs > now.getTime()) continue; // still open
    closed++;
    const count = Number(row.count);
    const del = sql`delete from rate_limit_buckets where key = ${row.key} and window_start = ${windowStart.toISOString()}::timestamptz`;
    if (count <= 1 || !isAggregatedAction(action)) {
      if (count > 1)
        logger.warn({ action, reason, count }, 'refusal bucket of an unknown action dropped without a summary');
      await db.execute(del);
      continue;
    }
    summaries += await changeWithAudit(db, sql`${del} returning count`, {
      at: now,
      actor: { type: actorType as AuditActor['type'], id: actorId || null },
      action: summaryAction(action),
      customerId: actorType === 'customer' && actorId ? actorId : null,
      details: {
        reason,
        client,
        count,
        windowStart: windowStart.toISOString(),
        windowEnd: new Date(windowStart.getTime() + windowMs).toISOString(),
        windowSeconds: Number(seconds),
      },
    });
  }
  return { summaries, closed };
}
