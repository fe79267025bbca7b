import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { RECOVERY_WINDOW_MS, securityPolicy } from '../config/security';
import { decide as rateDecision, hitMany, windowStartOf, type RateDecision } from '../rate-limit';
import { countRefusal } from '../metrics';
import { audit, type Ctx } from './context';
import type { RecoveryError } from './types';

/*
 * The rate limits of the recovery flow (docs/threat-model.md), counted in `rate_limit_buckets` before any
 * hash is computed: new flows per IP, verification attempts per IP, and at step 1 per login ID.
 */

/** One window for every recovery limit (securityPolicy().rateLimits.recovery*), so one statement counts them. */
export const HOUR = RECOVERY_WINDOW_MS;

export type Bucket = { key: string; limit: number; reason: 'ip' | 'login_id' };

/** New flows per IP. */
export function flowBuckets(ctx: Ctx): Bucket[] {
  return [
    { key: `recovery:flows:ip:${ctx.ip}`, limit: securityPolicy().rateLimits.recoveryFlowsPerIp.limit, reason: 'ip' },
  ];
}

/** The verification limits: per IP, and at step 1 per login ID (known or not — the same for both, so it reveals nothing). */
export function attemptBuckets(ctx: Ctx, loginId?: string): Bucket[] {
  const p = securityPolicy().rateLimits;
  const buckets: Bucket[] = [
    { key: `recovery:attempts:ip:${ctx.ip}`, limit: p.recoveryAttemptsPerIp.limit, reason: 'ip' },
  ];
  if (loginId !== undefined)
    buckets.push({
      key: `recovery:attempts:login:${loginId}`,
      limit: p.recoveryAttemptsPerLoginId.limit,
      reason: 'login_id',
    });
  return buckets;
}

/**
 * The first bucket over its limit as the API error, or null; the first refusal in a window is audited
 * (not every one: no audit flood).
 */
export async function rateLimitError(
  db: Db,
  ctx: Ctx,
  buckets: Bucket[],
  decisions: RateDecision[],
): Promise<RecoveryError | null> {
  for (const [i, d] of decisions.entries()) {
    if (d.allowed) continue;
    const b = buckets[i];
    countRefusal(b.key);
    if (d.count === b.limit + 1)
      await audit(db, ctx, 'recovery.rate_limited', {
        details: { bucket: b.key.split(':').slice(0, 3).join(':'), reason: b.reason },
      });
    return { code: 'rate_limited', retryAfter: d.retryAfterSeconds, reason: b.reason };
  }
  return null;
}

/** Counts a request in `buckets` on its own (new flows; resend and complete, which reserve no attempt). */
export async function countAndLimit(db: Db, ctx: Ctx, buckets: Bucket[], now: Date): Promise<RecoveryError | null> {
  return rateLimitError(db, ctx, buckets, await hitMany(db, buckets, HOUR, now));
}

/** The decisions for the counts that reserveAttempt's statement returned, in the order of `buckets`. */
export function decisionsFor(buckets: Bucket[], counts: number[], now: Date): RateDecision[] {
  return buckets.map((b, i) => rateDecision(counts[i] ?? 0, b.limit, now, HOUR));
}

/**
 * The hits of the verification limits inside reserveAttempt's statement, as one INSERT … ON CONFLICT
 * returning `key, count`. The login-ID bucket is charged only when the CTE `live` found the flow ready
 * for this attempt: a limit keyed by a login ID counts attempts made inside a live flow only, so
 * forged, spent or finished tokens naming a customer use up nothing of theirs (RT-38). The per-IP
 * bucket counts every request.
 */
export function chargeInLiveFlowSql(buckets: Bucket[], now: Date): SQL {
  const windowStart = windowStartOf(now, HOUR).toISOString();
  const rows = buckets.map((b) => sql`(${b.key}::text, ${sql.raw(b.reason === 'login_id' ? 'true' : 'false')})`);
  return sql`insert into rate_limit_buckets (key, window_start, count)
    select v.key, ${windowStart}::timestamptz, 1 from (values ${sql.join(rows, sql`, `)}) as v(key, only_live)
    where not v.only_live or exists (select 1 from live)
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning key, count`;
}
