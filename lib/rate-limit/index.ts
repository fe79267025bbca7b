import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { RatePolicy } from '../config/security';
import { countRefusal } from '../metrics';

export type RateDecision =
  { allowed: true; count: number } | { allowed: false; count: number; retryAfterSeconds: number };

/**
 * Fixed-window counter, incremented atomically in one statement so every app instance shares it.
 * Counts the attempt first, then decides: a burst of concurrent requests can never all pass.
 */
export async function hit(
  db: Db,
  key: string,
  limit: number,
  windowMs: number,
  now = new Date(),
): Promise<RateDecision> {
  const [row] = await queryRows<{ count: number }>(db, countHitsSql([key], windowMs, now));
  const decision = decide(Number(row.count), limit, now, windowMs);
  if (!decision.allowed) countRefusal(key);
  return decision;
}

/**
 * One hit under a named policy of securityPolicy().rateLimits (lib/config/security.ts):
 * `checkLimit(db, p.rateLimits.loginsPerIp, \`login:ip:${ip}\`)`.
 */
export function checkLimit(db: Db, policy: RatePolicy, key: string, now = new Date()): Promise<RateDecision> {
  return hit(db, key, policy.limit, policy.windowMs, now);
}

/** The start of the fixed window holding `now`. */
export function windowStartOf(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Seconds until the window holding `now` ends (at least 1): the Retry-After of a refusal. */
export function retryAfterSeconds(now: Date, windowMs: number): number {
  return Math.max(1, Math.ceil((windowStartOf(now, windowMs).getTime() + windowMs - now.getTime()) / 1000));
}

/**
 * The statement that counts one hit in each bucket of the same window length, returning `key, count`
 * per bucket: hitMany runs it alone; lib/recovery embeds it as a CTE in front of the statement it
 * guards, so the limits and what they protect are one round trip.
 */
export function countHitsSql(keys: string[], windowMs: number, now: Date): SQL {
  const windowStart = windowStartOf(now, windowMs).toISOString();
  return sql`insert into rate_limit_buckets (key, window_start, count)
    values ${sql.join(
      keys.map((k) => sql`(${k}, ${windowStart}, 1)`),
      sql`, `,
    )}
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning key, count`;
}

/** The decision for one bucket given its count after this hit. */
export function decide(count: number, limit: number, now: Date, windowMs: number): RateDecision {
  return count <= limit
    ? { allowed: true, count }
    : { allowed: false, count, retryAfterSeconds: retryAfterSeconds(now, windowMs) };
}

/**
 * Several fixed-window counters of the same window length in one statement (one round trip on a hot
 * path). Every key is counted; the decisions come back in the order of `buckets`.
 */
export async function hitMany(
  db: Db,
  buckets: { key: string; limit: number }[],
  windowMs: number,
  now = new Date(),
): Promise<RateDecision[]> {
  const rows = await queryRows<{ key: string; count: number }>(
    db,
    countHitsSql(
      buckets.map((b) => b.key),
      windowMs,
      now,
    ),
  );
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  return buckets.map((b) => decide(counts.get(b.key) ?? 0, b.limit, now, windowMs));
}

/** Reads a window without counting. */
export async function peek(db: Db, key: string, windowMs: number, now = new Date()): Promise<number> {
  const windowStart = windowStartOf(now, windowMs);
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`
    select count from rate_limit_buckets where key = ${key} and window_start = ${windowStart.toISOString()}`,
  );
  return row ? Number(row.count) : 0;
}

// Old windows are removed by the retention job (lib/jobs/retention.ts).
