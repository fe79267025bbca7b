import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { statementWithRetry, transactionWithRetry } from '../../db/tx';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { normalizeLoginId } from './schemas';

/**
 * Password login throttled per login ID, whatever the IP and whether or not the ID exists
 * (docs/threat-model.md, password guessing). One row of `login_throttle` per ID with consecutive
 * failures; after `freeFailures` each further attempt waits 2^(n−free) s (capped), refused before any
 * hash is computed and whatever the password; at `suspendAfter` password login stops until a
 * recovery completes or staff unlock it.
 *
 * The attempt is counted BEFORE the password is checked (a guarded upsert, one statement, the row
 * locked by the upsert itself), so parallel guesses queue on the row and can never all pass; a right
 * password then deletes the row.
 */
export type LoginKind = 'customer' | 'staff';

export type ThrottleClaim =
  | { allowed: true; key: string; failures: number }
  | { allowed: false; key: string; reason: 'backoff'; retryAfterSeconds: number }
  | { allowed: false; key: string; reason: 'suspended' };

export type ThrottlePolicy = { freeFailures: number; maxWaitSeconds: number; suspendAfter: number };

function policy(): ThrottlePolicy {
  return securityPolicy().loginThrottle;
}

let cachedSecret: { from: string | undefined; key: Buffer } | undefined;

/**
 * The HMAC key: derived from AUTH_SECRET (a label-separated HMAC, so it is never the session-signing
 * key itself). The table then holds no login ID and nobody can precompute keys without the secret.
 * Rotating AUTH_SECRET starts every counter afresh (docs/operations.md).
 */
function hmacKey(): Buffer {
  const secret = env().AUTH_SECRET;
  if (!cachedSecret || cachedSecret.from !== secret) {
    // Without AUTH_SECRET (development only: Auth.js needs it in production) a fixed label keys it.
    const key = createHmac('sha256', secret ?? 'login-help-portal/dev')
      .update('login-throttle/v1')
      .digest();
    cachedSecret = { from: secret, key };
  }
  return cachedSecret.key;
}

/**
 * The row key for a login ID: HMAC-SHA-256 of `<kind>:<normalized id>`. Every spelling that finds the
 * same account (full-width, upper case, surrounding spaces) gives the same key; an unknown ID gets a
 * key like any other, so the throttle behaves the same for it.
 */
export function throttleKey(kind: LoginKind, loginId: string): string {
  const id = kind === 'customer' ? normalizeLoginId(loginId) : loginId.trim().toLowerCase();
  return createHmac('sha256', hmacKey()).update(`${kind}:${id}`).digest('hex');
}

/** Seconds an attempt must wait after `failures` consecutive failures (0 while still free). */
export function backoffSeconds(failures: number, p: ThrottlePolicy = policy()): number {
  if (failures < p.freeFailures) return 0;
  return Math.min(2 ** (failures - p.freeFailures), p.maxWaitSeconds);
}

type Row = { failures: number; last_failure_at: string | Date | null; suspended_at: string | Date | null };

/**
 * Counts this attempt and says whether it may go on to the password check. One guarded upsert: the
 * conflicting row is locked and the condition is evaluated on its newest version, so 20 parallel
 * attempts on one ID pass exactly as many times as the rule allows.
 */
export async function claimLoginAttempt(
  db: Db,
  kind: LoginKind,
  loginId: string,
  now = new Date(),
): Promise<ThrottleClaim> {
  const p = policy();
  const key = throttleKey(kind, loginId);
  const at = now.toISOString();
  const claimed = await statementWithRetry(() =>
    queryRows<{ failures: number }>(
      db,
      sql`
    insert into login_throttle as t (key, failures, last_failure_at, updated_at)
    values (${key}, 1, ${at}::timestamptz, ${at}::timestamptz)
    on conflict (key) do update
      set failures = t.failures + 1, last_failure_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      where t.suspended_at is null
        and (t.failures < ${p.freeFailures}::int
          or t.last_failure_at is null
          or t.last_failure_at + least(power(2::float8, t.failures - ${p.freeFailures}::int), ${p.maxWaitSeconds}::float8) * interval '1 second'
             <= ${at}::timestamptz)
    returning failures`,
    ),
  );
  if (claimed.length === 1) return { allowed: true, key, failures: Number(claimed[0].failures) };

  // Refused: read the row as it stands now to say how long to wait (its newest committed version).
  const [row] = await queryRows<Row>(
    db,
    sql`select failures, last_failure_at, suspended_at from login_throttle where key = ${key}`,
  );
  if (!row || row.suspended_at) return { allowed: false, key, reason: 'suspended' };
  const last = row.last_failure_at ? new Date(row.last_failure_at).getTime() : now.getTime();
  const waitMs = backoffSeconds(Number(row.failures), p) * 1000;
  const retryAfterSeconds = Math.max(1, Math.ceil((last + waitMs - now.getTime()) / 1000));
  return { allowed: false, key, reason: 'backoff', retryAfterSeconds };
}

/** The password was right: the count starts again (a suspension is never lifted here). */
export async function recordLoginSuccess(db: Db, claim: { key: string }): Promise<void> {
  await statementWithRetry(() =>
    db.execute(sql`delete from login_throttle where key = ${claim.key} and suspended_at is null`),
  );
}

/**
 * The password was wrong: the attempt is already counted. When the count has reached `suspendAfter`,
 * suspends password login once (guarded update, row count checked) and runs `onSuspend` in the same
 * transaction (the notification email, the audit event). Returns whether this call suspended it.
 */
export async function recordLoginFailure(
  db: Db,
  claim: { key: string; failures: number },
  opts: { now?: Date; onSuspend?: (tx: Db) => Promise<void> } = {},
): Promise<{ suspended: boolean }> {
  const p = policy();
  if (claim.failures < p.suspendAfter) return { suspended: false };
  const at = (opts.now ?? new Date()).toISOString();
  const suspended = await transactionWithRetry(db, async (tx) => {
    const rows = await queryRows(
      tx,
      sql`
      update login_throttle set suspended_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      where key = ${claim.key} and suspended_at is null and failures >= ${p.suspendAfter}::int
      returning key`,
    );
    if (rows.length !== 1) return false;
    await opts.onSuspend?.(tx);
    return true;
  });
  return { suspended };
}

/**
 * Forgets the failures and lifts a suspension for one login ID: a completed recovery, a staff
 * forced reset or unlock. Returns whether password login had been suspended. Takes a transaction so
 * it commits with the change that justifies it.
 */
export async function clearLoginThrottle(db: Db, kind: LoginKind, loginId: string): Promise<{ wasSuspended: boolean }> {
  const rows = await queryRows<{ suspended_at: string | Date | null }>(
    db,
    sql`
    delete from login_throttle where key = ${throttleKey(kind, loginId)} returning suspended_at`,
  );
  return { wasSuspended: rows.some((r) => r.suspended_at != null) };
}

/** Lifts a suspension (staff unlock); a count short of it is left alone. Returns whether one was lifted. */
export async function liftLoginSuspension(db: Db, kind: LoginKind, loginId: string): Promise<boolean> {
  const rows = await queryRows(
    db,
    sql`
    delete from login_throttle where key = ${throttleKey(kind, loginId)} and suspended_at is not null returning key`,
  );
  return rows.length === 1;
}

/** When password login was suspended for this ID, or null (the staff console shows it). */
export async function loginSuspendedAt(db: Db, kind: LoginKind, loginId: string): Promise<Date | null> {
  const [row] = await queryRows<{ suspended_at: string | Date | null }>(
    db,
    sql`
    select suspended_at from login_throttle where key = ${throttleKey(kind, loginId)}`,
  );
  return row?.suspended_at ? new Date(row.suspended_at) : null;
}
