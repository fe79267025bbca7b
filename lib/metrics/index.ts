import { createHash, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type DatabaseHandle } from '../../db/client';
import { poolInUse } from '../../db/pool-stats';
import { metrics } from './registry.mjs';

/*
 * What the app counts for GET /api/metrics (docs/operations.md#metrics). Every label value comes from a
 * fixed list or the build's route list: an attacker choosing paths, login IDs or queries adds no series.
 */

/** Whether an Authorization header carries the scrape token: compared in constant time (over hashes, so lengths leak nothing). */
export function scrapeAuthorized(header: string | null, token: string): boolean {
  const m = /^Bearer (\S+)$/.exec(header ?? '');
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const given = digest(m?.[1] ?? '');
  return timingSafeEqual(given, digest(token)) && Boolean(m);
}

const STEPS = new Set([
  'start',
  'credentials',
  'secret_question',
  'account_data',
  'otp',
  'otp_resend',
  'complete',
  'cancel',
]);
const KINDS = new Set([
  'ok',
  'invalid_input',
  'verification_failed',
  'wrong_step',
  'flow_expired',
  'locked',
  'rate_limited',
  'unavailable',
]);

/** One recovery step's outcome: `ok`, or its error code. */
export function countRecoveryStep(step: string, result: { ok: true } | { ok: false; error: { code: string } }): void {
  const kind = result.ok ? 'ok' : result.error.code;
  metrics().recoverySteps.inc({ step: STEPS.has(step) ? step : 'other', kind: KINDS.has(kind) ? kind : 'other' });
}

/**
 * The rate limits by name: a bucket key is `<name>:<client or account>`, and its name is the longest of
 * these that prefixes it. `recovery:spray:*` is a detector, not a limit, and is never counted.
 */
const LIMIT_NAMES = [
  'recovery:flows:ip',
  'recovery:attempts:ip',
  'recovery:attempts:login',
  'recovery:status:ip',
  'recovery:not-me:ip',
  'login:ip',
  'staff-login:ip',
  'staff-enroll',
  'webauthn-challenge',
  'help-feedback',
  'help-search',
];

export function limitName(key: string): string {
  for (const name of LIMIT_NAMES) if (key.startsWith(`${name}:`) || key === name) return name;
  return 'other';
}

/** A request refused by the limit whose bucket key (or name) is `key`. */
export function countRefusal(key: string): void {
  if (key.startsWith('recovery:spray:')) return;
  metrics().rateLimitRefusals.inc({ limit: limitName(key) });
}

/** One help search answered: its latency, and whether it found nothing. */
export function countSearch(lang: string, seconds: number, cached: boolean, total: number): void {
  const l = lang === 'en' ? 'en' : 'ja';
  metrics().searchDuration.observe({ lang: l, cached: cached ? 'yes' : 'no' }, seconds);
  if (total === 0) metrics().searchZeroResults.inc({ lang: l });
}

/** The exposition text: the gauges read from the database and the pool first. */
export async function metricsText(handle: DatabaseHandle): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  try {
    const [row] = await queryRows<{ n: number; oldest: number | null }>(
      handle.db,
      sql`
      select count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest
      from notification_outbox where sent_at is null and body_purged_at is null`,
    );
    m.outboxPending.set(Number(row?.n ?? 0));
    m.outboxOldestAge.set(Math.max(0, Number(row?.oldest ?? 0)));
  } catch {
    // The database is down: the outbox gauges go stale rather than the scrape failing (up/health say why).
  }
  if (handle.pool) {
    const p = poolInUse(handle.pool);
    m.dbPoolInUse.set(p.inUse);
    m.dbPoolWaiting.set(p.waiting);
    m.dbPoolMax.set(p.max);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
