import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { env } from '../config/env';
import { rateLimitPolicies, securityPolicy } from '../config/security';
import { AGGREGATE_PREFIX, summarizeClosedWindows } from '../audit/aggregate';
import { GOOD_VERIFICATION } from '../audit/anchor';
import { registerJob, type Job } from './registry';

/** How long each kind of row is kept (docs/design.md#bounded-growth; docs/operations.md#retention); every number is configurable. */
export function retentionPolicy() {
  const e = env();
  return {
    intervalMs: e.RETENTION_INTERVAL_SECONDS * 1000,
    /** Rate-limit buckets, from the start of their window: never less than the longest window of a policy. */
    rateLimitMs: Math.max(
      e.RETENTION_RATE_LIMIT_SECONDS * 1000,
      ...Object.values(rateLimitPolicies(e)).map((r) => r.windowMs),
    ),
    /** A finished or expired recovery flow's code hash, after it finished (or expired). */
    flowSecretsMs: e.RETENTION_FLOW_SECRETS_SECONDS * 1000,
    /** An outbox message's body (codes, lock codes), after delivery; the row, recipient and status stay. */
    outboxBodyMs: e.RETENTION_OUTBOX_BODY_SECONDS * 1000,
    helpSearchMs: e.RETENTION_HELP_SEARCH_DAYS * 24 * 3600_000,
    /** Sessions, after they expired or were ended. */
    sessionsMs: e.RETENTION_SESSIONS_SECONDS * 1000,
    /** Login-failure counters not touched for this long (never a suspended one). */
    loginThrottleMs: e.RETENTION_LOGIN_THROTTLE_SECONDS * 1000,
    /** Good incremental audit checks (one every few minutes), after they finished; never the newest one. */
    auditRunsMs: e.RETENTION_AUDIT_RUNS_DAYS * 24 * 3600_000,
  };
}

/** Rows changed per statement: each statement stays short, so nothing waits long behind the job. */
const BATCH = 2_000;

/** Runs `batch` (a statement changing at most BATCH rows, returning one row per change) until it changes fewer. */
async function inBatches(db: Db, batch: SQL): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await queryRows(db, batch);
    total += rows.length;
    if (rows.length < BATCH) return total;
    // Let requests waiting for the connection (PGlite has one) go first.
    await new Promise((r) => setImmediate(r));
  }
}

const iso = (d: Date) => d.toISOString();

/** One retention pass. Returns how many rows each step removed or cleared. */
export async function runRetention(db: Db, now = new Date()): Promise<Record<string, number>> {
  const p = retentionPolicy();
  const before = (ms: number) => iso(new Date(now.getTime() - ms));
  const out: Record<string, number> = {};

  // Aggregated refusals first: a closed window's count becomes its summary event, then the bucket goes.
  const agg = await summarizeClosedWindows(db, securityPolicy().refusalAuditMaxPerWindow, now);
  out.refusalSummaries = agg.summaries;

  out.rateLimitBuckets = await inBatches(
    db,
    sql`delete from rate_limit_buckets where ctid in (
      select ctid from rate_limit_buckets where window_start < ${before(p.rateLimitMs)}::timestamptz
        and key not like ${`${AGGREGATE_PREFIX}%`} limit ${BATCH})
    returning 1`,
  );

  out.webauthnChallenges = await inBatches(
    db,
    sql`delete from webauthn_challenges where id in (
      select id from webauthn_challenges where expires_at < ${iso(now)}::timestamptz limit ${BATCH})
    returning 1`,
  );

  // A flow is over when it completed or expired; its emailed code's hash is of no use 24 h later.
  out.flowCodeHashes = await inBatches(
    db,
    sql`update recovery_flows set otp_hash = null where id in (
      select id from recovery_flows where otp_hash is not null
        and least(coalesce(completed_at, expires_at), expires_at) < ${before(p.flowSecretsMs)}::timestamptz limit ${BATCH})
    returning 1`,
  );

  // Undelivered mail (no relay configured — the demo mailbox — or a mail server down for days) keeps
  // its body seven times as long, so a late lock-code notice still goes out; then it goes too.
  out.outboxBodies = await inBatches(
    db,
    sql`update notification_outbox set body_text = '', body_purged_at = ${iso(now)}::timestamptz
    where id in (
      select id from notification_outbox where body_purged_at is null and (sent_at < ${before(p.outboxBodyMs)}::timestamptz
        or (sent_at is null and created_at < ${before(p.outboxBodyMs * 7)}::timestamptz)) limit ${BATCH})
    returning 1`,
  );

  out.helpSearchLog = await inBatches(
    db,
    sql`delete from help_search_log where id in (
      select id from help_search_log where at < ${before(p.helpSearchMs)}::timestamptz limit ${BATCH})
    returning 1`,
  );

  out.authSessions = await inBatches(
    db,
    sql`delete from auth_sessions where id in (
      select id from auth_sessions where expires_at < ${before(p.sessionsMs)}::timestamptz
        or ended_at < ${before(p.sessionsMs)}::timestamptz limit ${BATCH})
    returning 1`,
  );

  out.loginThrottle = await inBatches(
    db,
    sql`delete from login_throttle where key in (
      select key from login_throttle where updated_at < ${before(p.loginThrottleMs)}::timestamptz
        and suspended_at is null limit ${BATCH})
    returning 1`,
  );

  // Incremental audit checks that found the chain intact. The newest one is where the next check starts
  // (lib/audit/jobs.ts), so it stays however old; a check that failed or found a break, and every full
  // check, stay as evidence.
  out.auditVerificationRuns = await inBatches(
    db,
    sql`delete from audit_verifications where id in (
      select id from audit_verifications where kind = 'incremental' and status = 'done' and ok
        and finished_at < ${before(p.auditRunsMs)}::timestamptz
        and id < (select max(id) from audit_verifications where ${GOOD_VERIFICATION})
      limit ${BATCH})
    returning 1`,
  );

  return out;
}

export const retentionJob: Job = {
  name: 'retention',
  intervalMs: retentionPolicy().intervalMs,
  run: (db, now) => runRetention(db, now),
};

registerJob(retentionJob);
