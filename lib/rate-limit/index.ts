import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';

export type RateDecision = { allowed: true; count: number } | { allowed: false; count: number; retryAfterSeconds: number };

/**
 * Fixed-window counter, incremented atomically in one statement so every app instance shares it.
 * Counts the attempt first, then decides: a burst of concurrent requests can never all pass.
 */
export async function hit(db: Db, key: string, limit: number, windowMs: number, now = new Date()): Promise<RateDecision> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await queryRows<{ count: number }>(db, sql`
    insert into rate_limit_buckets (key, window_start, count) values (${key}, ${windowStart.toISOString()}, 1)
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning count`);
  const count = Number(row.count);
  if (count <= limit) return { allowed: true, count };
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  return { allowed: false, count, retryAfterSeconds };
}

/**
 * Several fixed-window counters of the same window length in one statement (one round trip on a hot
 * path). Every key is counted; the decisions come back in the order of `buckets`.
 */
export async function hitMany(db: Db, buckets: { key: string; limit: number }[], windowMs: number, now = new Date()): Promise<RateDecision[]> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const values = sql.join(buckets.map((b) => sql`(${b.key}, ${windowStart}, 1)`), sql`, `);
  const rows = await queryRows<{ key: string; count: number }>(db, sql`
    insert into rate_limit_buckets (key, window_start, count) values ${values}
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning key, count`);
  const counts = new Map(rows.map((r) => [r.key, Number(r.count)]));
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(windowStart) + windowMs - now.getTime()) / 1000));
  return buckets.map((b) => {
    const count = counts.get(b.key) ?? 0;
    return count <= b.limit ? { allowed: true, count } : { allowed: false, count, retryAfterSeconds };
  });
}

/** Reads a window without counting. */
export async function peek(db: Db, key: string, windowMs: number, now = new Date()): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const [row] = await queryRows<{ count: number }>(db, sql`
    select count from rate_limit_buckets where key = ${key} and window_start = ${windowStart.toISOString()}`);
  return row ? Number(row.count) : 0;
}

/** Old windows are useless; the relay/cron calls this now and then. */
export async function pruneBuckets(db: Db, olderThan: Date): Promise<void> {
  await db.execute(sql`delete from rate_limit_buckets where window_start < ${olderThan.toISOString()}`);
}
