import { and, eq, getTableColumns, gt, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { customers, recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { statementWithRetry, transactionWithRetry } from '../../db/tx';
import { appendAudit, changeWithAudit, type AuditInput } from '../audit';
import { verifySecret } from '../auth/password';
import { securityPolicy } from '../config/security';
import { errorFields, logger } from '../log';
import { enqueueEmail } from '../notify';
import { otpEmail } from '../notify/templates';
import { decide as rateDecision, hitMany, windowStartOf, type RateDecision } from '../rate-limit';
import { FAILURE_ACTION, isAccountLocked, lockAccountRow, recordAccountFailure, reserveAccountAttemptSql, returnAccountAttempt } from './account-lock';
import { ACTIVE_STEPS, transition, type FlowEvent, type RecoveryStep, type Transition, type VerificationStep } from './flow';
import { noticeLockCode } from './lock-code';
import { normalizeAnswer } from './normalize';
import { noteCredentialFailure, RECENT_LOCK_ACTION, redFlagHold } from './red-flags';
import { newReferenceNumber, prepareLockCode, revokePasskeysAndEnablePassword } from './reset';
import {
  accountDataMatches, digestsEqual, hashFlowToken, isWellFormedFlowToken, newFlowToken, newOtpCode, otpDigest,
} from './tokens';
import type { CompletionResult, RecoveryContext, RecoveryError, RecoveryResult } from './types';

/*
 * The steps of the recovery flow (docs/design.md), one function each, shared by the web's server
 * actions and the JSON API. Every verification step runs the same way:
 *   1. rate limits (per IP, and per login ID at step 1 — inside a live flow only), before any hash is computed;
 *   2. the flow is read by the sha-256 of its token and flow.ts decides whether this step may run;
 *   3. one attempt is reserved on the flow in its own statement (`failed_attempts + 1`, guarded by the
 *      limit) and, at steps 2–4, on the account (`failed_recovery_count + 1` under its row lock, guarded
 *      by the account limit), outside any business transaction — so concurrent guesses can never exceed
 *      either limit and no rollback gives an attempt back;
 *   4. the evidence is checked (one argon2 verify, or a constant-time compare);
 *   5. failure: audit row, per-account counter (10 in 24 h → recovery locked), flow locked at the 5th;
 *      success: one transaction advances the step with a guarded UPDATE (row count checked), returns
 *      the reserved attempt and audits it. Whatever breaks after step 3 still ends in an audited failure.
 */

const HOUR = 3600_000;
type Ctx = RecoveryContext;

function fail<T>(error: RecoveryError): RecoveryResult<T> {
  return { ok: false, error };
}

function clock(ctx: Ctx): Date {
  return ctx.now ?? new Date();
}

function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

type EventFields = { flowId?: string | null; customerId?: string | null; details?: Record<string, unknown> };

function auditInput(ctx: Ctx, action: string, a: EventFields = {}): AuditInput {
  return {
    actor: { type: 'customer', id: a.customerId ?? null },
    customerId: a.customerId ?? null,
    flowId: a.flowId ?? null,
    action,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { channel: ctx.channel ?? 'web', ...(a.details ?? {}) },
  };
}

async function audit(db: Db, ctx: Ctx, action: string, a: EventFields = {}) {
  await appendAudit(db, auditInput(ctx, action, a));
}

type Bucket = { key: string; limit: number; reason: 'ip' | 'login_id' };

/**
 * The first bucket over its limit as the API error; the first refusal in a window is audited (not
 * every one: no audit flood).
 */
async function refusal(db: Db, ctx: Ctx, buckets: Bucket[], decisions: RateDecision[]): Promise<RecoveryError | null> {
  for (const [i, d] of decisions.entries()) {
    if (d.allowed) continue;
    const b = buckets[i];
    if (d.count === b.limit + 1) await audit(db, ctx, 'recovery.rate_limited', { details: { bucket: b.key.split(':').slice(0, 3).join(':'), reason: b.reason } });
    return { code: 'rate_limited', retryAfter: d.retryAfterSeconds, reason: b.reason };
  }
  return null;
}

/** The verification limits of SPEC §6: per IP, and at step 1 per login ID (known or not — the same for both, so it reveals nothing). */
function attemptBuckets(ctx: Ctx, loginId?: string): Bucket[] {
  const p = securityPolicy();
  const buckets: Bucket[] = [{ key: `recovery:attempts:ip:${ctx.ip}`, limit: p.ipMaxAttemptsPerHour, reason: 'ip' }];
  if (loginId !== undefined) buckets.push({ key: `recovery:attempts:login:${loginId}`, limit: p.loginIdMaxAttemptsPerHour, reason: 'login_id' });
  return buckets;
}

/** New flows per IP, and the attempt limit of the steps that reserve no attempt (resend, complete). */
async function limit(db: Db, ctx: Ctx, buckets: Bucket[], now: Date): Promise<RecoveryError | null> {
  return refusal(db, ctx, buckets, await hitMany(db, buckets, HOUR, now));
}

async function loadFlow(db: Db, token: string): Promise<RecoveryFlow | null> {
  if (!isWellFormedFlowToken(token)) return null;
  const [flow] = await db.select().from(recoveryFlows).where(eq(recoveryFlows.tokenHash, hashFlowToken(token))).limit(1);
  return flow ?? null;
}

async function reload(db: Db, id: string): Promise<RecoveryFlow> {
  const [flow] = await db.select().from(recoveryFlows).where(eq(recoveryFlows.id, id)).limit(1);
  return flow;
}

function decide(flow: RecoveryFlow, event: FlowEvent, now: Date): Transition {
  return transition(flow, event, { now, maxFailures: securityPolicy().flowMaxFailures });
}

/**
 * Maps a refused transition to the API error; persists `expired` (a POST may write, a GET never does)
 * and audits attempts at the wrong step — a skipped step is a bypass attempt.
 */
async function refuse(db: Db, flow: RecoveryFlow, t: Extract<Transition, { ok: false }>, ctx: Ctx, now: Date, attempted: string): Promise<RecoveryError> {
  switch (t.reason) {
    case 'expired': {
      if (t.step !== 'expired') {
        const rows = await db.update(recoveryFlows).set({ step: 'expired' })
          .where(and(eq(recoveryFlows.id, flow.id), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
          .returning({ id: recoveryFlows.id });
        if (rows.length) await audit(db, ctx, 'recovery.expired', { flowId: flow.id, customerId: flow.customerId, details: { step: t.step } });
      }
      return { code: 'flow_expired' };
    }
    case 'locked':
      return { code: 'locked' };
    case 'finished':
    case 'wrong_step':
      await audit(db, ctx, 'recovery.step_rejected', { flowId: flow.id, customerId: flow.customerId, details: { attempted, step: t.step } });
      return { code: 'wrong_step', step: t.step };
  }
}

type Opened = { ok: true; flow: RecoveryFlow } | { ok: false; error: RecoveryError };

/** Reads the flow and asks flow.ts whether `event` may happen now. */
async function open(db: Db, token: string, event: FlowEvent, ctx: Ctx, now: Date, attempted: string): Promise<Opened> {
  const flow = await loadFlow(db, token);
  if (!flow) return { ok: false, error: { code: 'flow_expired' } };
  const t = decide(flow, event, now);
  if (!t.ok) return { ok: false, error: await refuse(db, flow, t, ctx, now, attempted) };
  return { ok: true, flow };
}

type LoginCustomer = { id: string; passwordHash: string | null; recoveryLockedUntil: Date | null; loginLockedAt: Date | null };
/** `accountReserved`: the attempt was also counted on the account (steps 2–4), to give back on success. */
type Reserved = { ok: true; flow: RecoveryFlow; customer: LoginCustomer | null; accountReserved: boolean } | { ok: false; error: RecoveryError };

/**
 * The hits of the verification limits, as one INSERT … ON CONFLICT returning `key, count`. A bucket
 * with `onlyInLiveFlow` is charged only when the CTE `live` found the flow ready for this attempt: a
 * limit keyed by a login ID counts attempts made inside a live flow only, so forged or spent tokens
 * naming a customer use up nothing of theirs (RT-38). The per-IP limit counts every request.
 */
function chargeSql(buckets: Bucket[], now: Date): SQL {
  const windowStart = windowStartOf(now, HOUR).toISOString();
  const rows = buckets.map((b) => sql`(${b.key}::text, ${sql.raw(b.reason === 'login_id' ? 'true' : 'false')})`);
  return sql`insert into rate_limit_buckets (key, window_start, count)
    select v.key, ${windowStart}::timestamptz, 1 from (values ${sql.join(rows, sql`, `)}) as v(key, only_live)
    where not v.only_live or exists (select 1 from live)
    on conflict (key, window_start) do update set count = rate_limit_buckets.count + 1
    returning key, count`;
}

/**
 * Steps 1–3 of every verification in one statement (one round trip on the hot path):
 *  - the rate limits are counted — per IP for every request, even with a malformed token, and at step 1
 *    per login ID (known or not, so it reveals nothing) when the token names a live flow at this step;
 *  - only if none is exceeded, the attempt is counted before the check on the flow
 *    (`failed_attempts + 1`, guarded by the step, the lifetime and the limits) and, at steps 2–4, on
 *    the account (reserveAccountAttemptSql, under the account's row lock, so concurrent attempts over
 *    several flows never exceed the account's limit — RT-39);
 *  - at step 1, the account of `loginId` is read (the same statement whether it exists or not).
 * Only when nothing could be reserved is the flow read again and flow.ts asked why (expired,
 * locked, moved on, attempts spent). Returns the flow as counted.
 */
async function reserveAttempt(db: Db, token: string, step: VerificationStep, ctx: Ctx, now: Date, loginId?: string): Promise<Reserved> {
  const p = securityPolicy();
  const buckets = attemptBuckets(ctx, loginId);
  const tokenHash = hashFlowToken(String(token));
  const onAccount = step !== 'credentials';
  const overLimit = sql.join(buckets.map((b) => sql`(l.key = ${b.key} and l.count > ${b.limit})`), sql` or `);
  const withinLimits = sql`not exists (select 1 from limits l where ${overLimit})`;
  const otpGuard = step === 'otp'
    ? and(lt(recoveryFlows.otpAttempts, p.otpMaxTries), isNotNull(recoveryFlows.otpHash), gt(recoveryFlows.otpExpiresAt, now))
    : undefined;
  const ready = and(
    eq(recoveryFlows.tokenHash, tokenHash), eq(recoveryFlows.step, step), gt(recoveryFlows.expiresAt, now),
    lt(recoveryFlows.failedAttempts, p.flowMaxFailures), otpGuard,
  );
  const live = db.select({ id: recoveryFlows.id, customerId: recoveryFlows.customerId }).from(recoveryFlows).where(ready);
  const reserve = db.update(recoveryFlows)
    .set({
      failedAttempts: sql`${recoveryFlows.failedAttempts} + 1`,
      ...(step === 'otp' ? { otpAttempts: sql`${recoveryFlows.otpAttempts} + 1` } : {}),
    })
    .where(and(ready, withinLimits, onAccount ? sql`exists (select 1 from acct)` : undefined))
    .returning();
  const statement = sql`
    with live as (${live.getSQL()}),
    limits as (${chargeSql(buckets, now)}),
    ${onAccount ? sql`acct as (${reserveAccountAttemptSql(sql`(select customer_id from live)`, now, withinLimits)}),` : sql``}
    reserved as (${reserve.getSQL()})
    select ${sql.join(buckets.map((b, i) => sql`(select count from limits where key = ${b.key}) as ${sql.raw(`limit_${i}`)}`), sql`, `)},
      (select count(*) from live)::int as live_n,
      ${onAccount ? sql`(select count(*) from acct)::int as account_reserved,` : sql`0 as account_reserved,`}
      ${loginId === undefined ? sql`null::uuid as c_id, null as c_password_hash, null::timestamptz as c_recovery_locked_until, null::timestamptz as c_login_locked_at`
        : sql`c.id as c_id, c.password_hash as c_password_hash, c.recovery_locked_until as c_recovery_locked_until, c.login_locked_at as c_login_locked_at`},
      r.*
    from (select 1) as one
      left join reserved r on true
      ${loginId === undefined ? sql`` : sql`left join customers c on c.login_id = ${loginId}`}`;
  // At steps 2–4 the account's row lock comes first, so the statement reads what every earlier attempt
  // on the account committed; an attempt counted on the account whose flow then could not be is given back.
  const row = !onAccount
    ? (await queryRows<Record<string, unknown>>(db, statement))[0]
    : await transactionWithRetry(db, async (tx) => {
      await lockAccountRow(tx, { flowTokenHash: tokenHash });
      const [r] = await queryRows<Record<string, unknown>>(tx, statement);
      if (Number(r?.account_reserved ?? 0) > 0 && r?.id == null) {
        await tx.execute(sql`update customers c set failed_recovery_count = greatest(c.failed_recovery_count - 1, 0)
          where c.id = (select customer_id from recovery_flows where token_hash = ${tokenHash})`);
      }
      return r;
    });

  const limited = await refusal(db, ctx, buckets, buckets.map((b, i) => rateDecision(Number(row?.[`limit_${i}`] ?? 0), b.limit, now, HOUR)));
  if (limited) return { ok: false, error: limited };
  if (!isWellFormedFlowToken(token)) return { ok: false, error: { code: 'flow_expired' } };
  if (row?.id != null) {
    const customer = row.c_id == null ? null : {
      id: String(row.c_id),
      passwordHash: (row.c_password_hash as string | null) ?? null,
      recoveryLockedUntil: asDate(row.c_recovery_locked_until),
      loginLockedAt: asDate(row.c_login_locked_at),
    };
    return { ok: true, flow: flowFromRow(row), customer, accountReserved: onAccount };
  }
  const flow = await loadFlow(db, token);
  if (!flow) return { ok: false, error: { code: 'flow_expired' } };
  if (onAccount && Number(row?.live_n ?? 0) > 0 && Number(row?.account_reserved ?? 0) === 0) {
    return { ok: false, error: await refusedForAccount(db, flow, ctx, step, now) };
  }
  return { ok: false, error: await unreservable(db, flow, step, ctx, now) };
}

const asDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

/** A recovery_flows row read by raw SQL (snake_case, driver values) as drizzle would map it. */
function flowFromRow(r: Record<string, unknown>): RecoveryFlow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(recoveryFlows))) {
    const v = r[col.name];
    out[key] = v == null ? null : col.mapFromDriverValue(v);
  }
  return out as RecoveryFlow;
}

/** Why no attempt could be reserved: the flow moved on, expired, locked — or the code is spent. */
async function unreservable(db: Db, flow: RecoveryFlow, step: VerificationStep, ctx: Ctx, now: Date): Promise<RecoveryError> {
  const t = decide(flow, { type: 'verified', step }, now);
  if (!t.ok) return refuse(db, flow, t, ctx, now, step);
  const p = securityPolicy();
  const attemptsLeft = Math.max(0, p.flowMaxFailures - flow.failedAttempts);
  if (step === 'otp' && attemptsLeft > 0) {
    const otp = !flow.otpHash ? 'none' : flow.otpExpiresAt && flow.otpExpiresAt.getTime() <= now.getTime() ? 'expired' : 'exhausted';
    return { code: 'verification_failed', attemptsLeft, otp };
  }
  return { code: 'verification_failed', attemptsLeft };
}

/** One reserved attempt on its way to an outcome; `audited` once that outcome is in the audit trail. */
type Attempt = { flow: RecoveryFlow; step: VerificationStep; customerId: string | null; accountReserved: boolean; audited: boolean };

/**
 * Runs a step once its attempt is reserved. Whatever goes wrong after the reservation, the attempt ends
 * in an audited outcome: if it was not audited yet, a failure is audited in place of the one that could
 * not be written (docs/threat-model.md: a spent attempt is always a failure on record) and the step
 * answers `unavailable`, never a thrown error.
 */
async function settle<T>(db: Db, ctx: Ctx, attempt: Attempt, run: () => Promise<RecoveryResult<T>>): Promise<RecoveryResult<T>> {
  try {
    return await run();
  } catch (err) {
    const { code } = errorFields(err);
    logger.error({ err: errorFields(err), flowId: attempt.flow.id, step: attempt.step }, 'recovery step failed after its attempt was counted');
    if (!attempt.audited) {
      await audit(db, ctx, FAILURE_ACTION, {
        flowId: attempt.flow.id, customerId: attempt.customerId, details: { step: attempt.step, outcome: 'error', code: code ?? 'unknown' },
      }).then(() => {
        attempt.audited = true;
      }, (auditErr: unknown) => logger.error({ err: errorFields(auditErr), flowId: attempt.flow.id }, 'recovery failure could not be audited'));
    }
    return fail({ code: 'unavailable' });
  }
}

/** Text for an audit event's details that the database accepts: a lone surrogate becomes U+FFFD. */
function wellFormed(s: string): string {
  return s.replace(/\p{Cs}/gu, '\uFFFD');
}

/**
 * Step 5 on failure. `revealAccountLock` is false at step 1, where the password was wrong: a lock is
 * never revealed before the right password (an unknown ID must read exactly like a known one).
 */
async function recordFailure(
  db: Db, attempt: Attempt, failures: number, ctx: Ctx, now: Date,
  opts: { revealAccountLock: boolean; details?: Record<string, unknown> },
): Promise<RecoveryError> {
  const p = securityPolicy();
  const { flow, step, customerId } = attempt;
  await audit(db, ctx, FAILURE_ACTION, { flowId: flow.id, customerId, details: { step, failures, ...opts.details } });
  attempt.audited = true;
  const account = await recordAccountFailure(db, customerId, now, ctx, { reserved: attempt.accountReserved });
  const t = decide({ ...flow, failedAttempts: failures }, { type: 'failed', step }, now);
  if (t.ok && t.to === 'locked') {
    const rows = await db.update(recoveryFlows).set({ step: 'locked' })
      .where(and(eq(recoveryFlows.id, flow.id), eq(recoveryFlows.step, step)))
      .returning({ id: recoveryFlows.id });
    if (rows.length) await audit(db, ctx, 'recovery.flow_locked', { flowId: flow.id, customerId, details: { step, failures } });
    return { code: 'locked' };
  }
  if (account.lockedNow && opts.revealAccountLock) return { code: 'locked' };
  return { code: 'verification_failed', attemptsLeft: Math.max(0, p.flowMaxFailures - failures) };
}

/** The account of a bound flow is locked (recovery lock or /recovery/not-me): refuses the advance. */
function customerNotLocked(now: Date): SQL {
  return sql`not exists (select 1 from customers c where c.id = ${recoveryFlows.customerId}
    and (c.recovery_locked_until > ${ts(now)} or c.login_locked_at is not null))`;
}

type FlowUpdate = Partial<typeof recoveryFlows.$inferInsert>;

/**
 * Step 5 on success: moves `from` → `to` in one transaction (guarded UPDATE, row count checked),
 * gives the reserved attempt back (on the account first, then on the flow: the lock order of every
 * writer), audits, and runs `also` (e.g. the OTP email) in the same transaction.
 * Returns the refusal when another request moved the flow first.
 */
async function advance(
  db: Db, attempt: Attempt, ctx: Ctx, now: Date,
  opts: { set?: FlowUpdate; guard?: SQL; customerId: string; details?: Record<string, unknown>; also?: (tx: Db) => Promise<void> },
): Promise<{ ok: true; to: RecoveryStep } | { ok: false; error: RecoveryError }> {
  const { flow, step: from } = attempt;
  const t = decide(flow, { type: 'verified', step: from }, now);
  if (!t.ok) return { ok: false, error: await refuse(db, flow, t, ctx, now, from) };
  const update = (q: Db) => q.update(recoveryFlows)
    .set({ ...opts.set, step: t.to, failedAttempts: sql`greatest(${recoveryFlows.failedAttempts} - 1, 0)` })
    .where(and(
      eq(recoveryFlows.id, flow.id), eq(recoveryFlows.step, from), gt(recoveryFlows.expiresAt, now),
      from === 'credentials' ? undefined : customerNotLocked(now), opts.guard,
    ))
    .returning({ id: recoveryFlows.id });
  const event = { flowId: flow.id, customerId: opts.customerId, details: { next: t.to, ...opts.details } };
  const { also } = opts;
  const moved = also || attempt.accountReserved
    ? await transactionWithRetry(db, async (tx) => {
      if (attempt.accountReserved) await returnAccountAttempt(tx, opts.customerId);
      if ((await update(tx)).length !== 1) return false;
      await audit(tx, ctx, `recovery.${from}.passed`, event);
      if (also) await also(tx);
      return true;
    })
    // Nothing else to write: the guarded UPDATE and its audit event are one statement.
    : (await statementWithRetry(() => changeWithAudit(db, update(db).getSQL(), auditInput(ctx, `recovery.${from}.passed`, event)))) === 1;
  // Either way the attempt is settled: passed and audited, or given back below as no failure at all.
  attempt.audited = true;
  if (moved) return { ok: true, to: t.to };
  // Someone else moved the flow (or the account got locked) in between: this attempt was not a failure.
  await db.update(recoveryFlows).set({ failedAttempts: sql`greatest(${recoveryFlows.failedAttempts} - 1, 0)` }).where(eq(recoveryFlows.id, flow.id));
  const current = await reload(db, flow.id);
  const account = current.customerId
    ? (await db.select({ recoveryLockedUntil: customers.recoveryLockedUntil, loginLockedAt: customers.loginLockedAt }).from(customers).where(eq(customers.id, current.customerId)))[0]
    : undefined;
  if (account && isAccountLocked(account, now)) return { ok: false, error: await lockForAccount(db, current, ctx, from) };
  const again = decide(current, { type: 'verified', step: from }, now);
  if (!again.ok) return { ok: false, error: await refuse(db, current, again, ctx, now, from) };
  return { ok: false, error: { code: 'wrong_step', step: current.step } };
}

/** The right evidence, but the account's recovery is locked: the flow ends as `locked`. */
async function lockForAccount(db: Db, flow: RecoveryFlow, ctx: Ctx, step: string, customerId = flow.customerId): Promise<RecoveryError> {
  const rows = await db.update(recoveryFlows).set({ step: 'locked' })
    .where(and(eq(recoveryFlows.id, flow.id), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
    .returning({ id: recoveryFlows.id });
  if (rows.length) await audit(db, ctx, 'recovery.refused_account_locked', { flowId: flow.id, customerId, details: { step } });
  return { code: 'locked' };
}

/**
 * The flow was ready but the account took no further attempt: its recovery is locked, or the attempts
 * already counted and in flight reach its limit (the lock follows when they fail). Nothing is checked.
 */
async function refusedForAccount(db: Db, flow: RecoveryFlow, ctx: Ctx, step: VerificationStep, now: Date): Promise<RecoveryError> {
  const [account] = await db.select({ recoveryLockedUntil: customers.recoveryLockedUntil, loginLockedAt: customers.loginLockedAt })
    .from(customers).where(eq(customers.id, flow.customerId!));
  if (account && isAccountLocked(account, now)) return lockForAccount(db, flow, ctx, step);
  await audit(db, ctx, 'recovery.refused_account_limit', { flowId: flow.id, customerId: flow.customerId, details: { step } });
  return { code: 'locked' };
}

// ---------------------------------------------------------------------------------------------------

export type StartedFlow = { flowToken: string; flowId: string; step: 'credentials'; expiresAt: string };

/** 「本人確認をはじめる」 / POST /api/v1/recovery/flows: a new flow at `credentials` (20 per IP an hour). */
export async function startFlow(db: Db, ctx: Ctx): Promise<RecoveryResult<StartedFlow>> {
  const now = clock(ctx);
  const p = securityPolicy();
  const limited = await limit(db, ctx, [{ key: `recovery:flows:ip:${ctx.ip}`, limit: p.ipMaxFlowsPerHour, reason: 'ip' }], now);
  if (limited) return fail(limited);
  const flowToken = newFlowToken();
  const expiresAt = new Date(now.getTime() + p.flowTtlMs);
  const flowId = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx.insert(recoveryFlows).values({
      tokenHash: hashFlowToken(flowToken), step: 'credentials', createdAt: now, expiresAt,
      ip: ctx.ip, userAgent: ctx.userAgent ?? null, channel: ctx.channel ?? 'web', lang: ctx.lang ?? 'ja',
    }).returning({ id: recoveryFlows.id });
    await audit(tx, ctx, 'recovery.started', { flowId: row.id, details: { expiresAt: expiresAt.toISOString() } });
    return row.id;
  });
  return { ok: true, value: { flowToken, flowId, step: 'credentials', expiresAt: expiresAt.toISOString() } };
}

export type StepPassed = { step: RecoveryStep };

/**
 * Step 1: login ID and password. An unknown ID, a wrong password, a locked or a recovery-suspended
 * account all answer the same (status, body, one argon2 verify — against a dummy hash when the ID is
 * unknown, and the same statements); the lock is revealed only after the right password.
 */
export async function submitCredentials(db: Db, token: string, input: { loginId: string; password: string }, ctx: Ctx): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const opened = await reserveAttempt(db, token, 'credentials', ctx, now, input.loginId);
  if (!opened.ok) return opened;
  const { flow, customer } = opened;
  const attempt: Attempt = { flow, step: 'credentials', customerId: customer?.id ?? null, accountReserved: false, audited: false };
  return settle(db, ctx, attempt, async () => {
    const valid = await verifySecret(customer?.passwordHash ?? null, input.password);
    if (!customer || !valid) {
      const error = await recordFailure(db, attempt, flow.failedAttempts, ctx, now, {
        revealAccountLock: false, details: { loginId: wellFormed(input.loginId) },
      });
      await noteCredentialFailure(db, ctx, input.loginId, now);
      return fail(error);
    }
    if (isAccountLocked(customer, now)) {
      attempt.audited = true; // lockForAccount audits the refusal
      return fail(await lockForAccount(db, flow, ctx, 'credentials', customer.id));
    }
    const moved = await advance(db, attempt, ctx, now, {
      customerId: customer.id,
      set: { customerId: customer.id, passwordVerifiedAt: now },
    });
    return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
  });
}

async function boundCustomer(db: Db, flow: RecoveryFlow) {
  if (!flow.customerId) return null;
  const [c] = await db.select().from(customers).where(eq(customers.id, flow.customerId)).limit(1);
  return c ?? null;
}

/** Steps 2–4 after their reservation: the attempt, counted on the flow and on its account. */
function boundAttempt(opened: Extract<Reserved, { ok: true }>, step: VerificationStep): Attempt {
  return { flow: opened.flow, step, customerId: opened.flow.customerId, accountReserved: opened.accountReserved, audited: false };
}

/** Step 2: the answer to the customer's own question, normalized (ポチ = ぽち = ﾎﾟﾁ), one argon2 verify. */
export async function submitSecretAnswer(db: Db, token: string, input: { answer: string }, ctx: Ctx): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const opened = await reserveAttempt(db, token, 'secret_question', ctx, now);
  if (!opened.ok) return opened;
  const attempt = boundAttempt(opened, 'secret_question');
  return settle(db, ctx, attempt, async () => {
    const customer = await boundCustomer(db, attempt.flow);
    const valid = await verifySecret(customer?.secretAnswerHash ?? null, normalizeAnswer(input.answer));
    if (!customer || !valid) return fail(await recordFailure(db, attempt, attempt.flow.failedAttempts, ctx, now, { revealAccountLock: true }));
    const moved = await advance(db, attempt, ctx, now, { customerId: customer.id });
    return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
  });
}

function otpFields(now: Date, code: string, flowId: string): FlowUpdate {
  return {
    otpHash: otpDigest(flowId, code),
    otpExpiresAt: new Date(now.getTime() + securityPolicy().otpTtlMs),
    otpAttempts: 0,
    otpLastSentAt: now,
  };
}

type OtpMail = { customer: { id: string; email: string; nameKanji: string }; code: string; lockCode: string; now: Date; notBefore?: Date };

async function queueOtpEmail(tx: Db, m: OtpMail) {
  const mail = otpEmail({ name: m.customer.nameKanji, at: m.now, code: m.code, minutes: Math.round(securityPolicy().otpTtlMs / 60_000), lockCode: m.lockCode });
  await enqueueEmail(tx, { customerId: m.customer.id, to: m.customer.email, ...mail, notBefore: m.notBefore });
}

/**
 * Step 3: 生年月日, 部店コード, 口座番号 — one constant-time compare of digests, one generic failure.
 * On success the first code is generated and its email queued in the same transaction.
 */
export async function submitAccountData(
  db: Db, token: string, input: { birthDate: string; branchCode: string; accountNumber: string }, ctx: Ctx,
): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const opened = await reserveAttempt(db, token, 'account_data', ctx, now);
  if (!opened.ok) return opened;
  const attempt = boundAttempt(opened, 'account_data');
  const { flow } = attempt;
  return settle(db, ctx, attempt, async () => {
    const customer = await boundCustomer(db, flow);
    const valid = accountDataMatches(input, customer);
    if (!customer || !valid) return fail(await recordFailure(db, attempt, flow.failedAttempts, ctx, now, { revealAccountLock: true }));
    const code = newOtpCode();
    // The code email is the first notice a victim of a takeover sees: it carries the lock code.
    const lockCode = await noticeLockCode(db, customer.id);
    // RT-30 red flag: right after a recovery lock ended, the code is held (valid from, and sent at, `hold.until`);
    // the flow's lifetime grows by the same delay so the wait costs the customer nothing.
    const hold = redFlagHold(customer, now);
    const sendAt = hold?.until ?? now;
    const moved = await advance(db, attempt, ctx, now, {
      customerId: customer.id,
      set: {
        ...otpFields(sendAt, code, flow.id), otpSends: 1,
        ...(hold ? { expiresAt: new Date(flow.expiresAt.getTime() + securityPolicy().redFlagOtpDelayMs) } : {}),
      },
      details: { otpSent: 1, ...(hold ? { otpHeldUntil: hold.until.toISOString() } : {}) },
      also: async (tx) => {
        await queueOtpEmail(tx, { customer, code, lockCode, now, notBefore: hold?.until });
        if (hold) {
          await audit(tx, ctx, RECENT_LOCK_ACTION, {
            flowId: flow.id, customerId: customer.id, details: { lockEndedAt: hold.lockEndedAt.toISOString(), otpHeldUntil: hold.until.toISOString() },
          });
        }
      },
    });
    return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
  });
}

/**
 * Step 4: the emailed code. At most 3 tries per code (reserved atomically, so 50 concurrent guesses
 * evaluate at most 3), dead after 10 minutes or a resend, single use, bound to its flow.
 */
export async function submitOtp(db: Db, token: string, input: { code: string }, ctx: Ctx): Promise<RecoveryResult<StepPassed>> {
  const now = clock(ctx);
  const opened = await reserveAttempt(db, token, 'otp', ctx, now);
  if (!opened.ok) return opened;
  // The row as the reservation left it: a resend that raced in before is already in it.
  const attempt = boundAttempt(opened, 'otp');
  const { flow } = attempt;
  return settle(db, ctx, attempt, async () => {
    const given = otpDigest(flow.id, input.code);
    const valid = !!flow.otpHash && digestsEqual(flow.otpHash, given);
    if (!valid) {
      const error = await recordFailure(db, attempt, flow.failedAttempts, ctx, now, { revealAccountLock: true });
      // This code is spent after its last try: say so, so the customer asks for a new one.
      if (error.code === 'verification_failed' && flow.otpAttempts >= securityPolicy().otpMaxTries) return fail({ ...error, otp: 'exhausted' });
      return fail(error);
    }
    const moved = await advance(db, attempt, ctx, now, {
      customerId: flow.customerId!,
      set: { otpVerifiedAt: now, otpHash: null, otpExpiresAt: null },
      // Single use, and only the very code that was checked: a resend in between kills it.
      guard: and(eq(recoveryFlows.otpHash, given), gt(recoveryFlows.otpExpiresAt, now), isNotNull(recoveryFlows.passwordVerifiedAt)),
    });
    return moved.ok ? { ok: true, value: { step: moved.to } } : fail(moved.error);
  });
}

export type OtpResent = { step: 'otp'; sendsLeft: number; resendAvailableAt: string | null };

/** 「コードを再送する」: a new code (the old one dies), at most 3 sends per flow, 60 s apart; failures carry over. */
export async function resendOtp(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<OtpResent>> {
  const now = clock(ctx);
  const p = securityPolicy();
  const limited = await limit(db, ctx, attemptBuckets(ctx), now);
  if (limited) return fail(limited);
  const opened = await open(db, token, { type: 'resend' }, ctx, now, 'otp_resend');
  if (!opened.ok) return opened;
  const { flow } = opened;
  const customer = await boundCustomer(db, flow);
  if (!customer) return fail({ code: 'wrong_step', step: flow.step });
  if (isAccountLocked(customer, now)) return fail(await lockForAccount(db, flow, ctx, 'otp_resend'));
  const code = newOtpCode();
  const lockCode = await noticeLockCode(db, customer.id);
  const earliest = new Date(now.getTime() - p.otpResendIntervalMs);
  const sent = await transactionWithRetry(db, async (tx) => {
    const rows = await tx.update(recoveryFlows)
      .set({ ...otpFields(now, code, flow.id), otpSends: sql`${recoveryFlows.otpSends} + 1` })
      .where(and(
        eq(recoveryFlows.id, flow.id), eq(recoveryFlows.step, 'otp'), gt(recoveryFlows.expiresAt, now),
        lt(recoveryFlows.otpSends, p.otpMaxSends),
        sql`(${recoveryFlows.otpLastSentAt} is null or ${recoveryFlows.otpLastSentAt} <= ${ts(earliest)})`,
        customerNotLocked(now),
      ))
      .returning({ otpSends: recoveryFlows.otpSends });
    if (rows.length !== 1) return null;
    await audit(tx, ctx, 'recovery.otp.resent', { flowId: flow.id, customerId: customer.id, details: { sends: rows[0].otpSends } });
    await queueOtpEmail(tx, { customer, code, lockCode, now });
    return rows[0].otpSends;
  });
  if (sent !== null) {
    const sendsLeft = Math.max(0, p.otpMaxSends - sent);
    return { ok: true, value: { step: 'otp', sendsLeft, resendAvailableAt: sendsLeft ? new Date(now.getTime() + p.otpResendIntervalMs).toISOString() : null } };
  }
  const current = await reload(db, flow.id);
  const t = decide(current, { type: 'resend' }, now);
  if (!t.ok) return fail(await refuse(db, current, t, ctx, now, 'otp_resend'));
  await audit(db, ctx, 'recovery.otp.resend_refused', { flowId: flow.id, customerId: customer.id, details: { sends: current.otpSends } });
  if (current.otpSends >= p.otpMaxSends) {
    return fail({ code: 'rate_limited', reason: 'otp_send_limit', retryAfter: Math.max(1, Math.ceil((current.expiresAt.getTime() - now.getTime()) / 1000)) });
  }
  const next = (current.otpLastSentAt?.getTime() ?? 0) + p.otpResendIntervalMs;
  return fail({ code: 'rate_limited', reason: 'otp_resend_interval', retryAfter: Math.max(1, Math.ceil((next - now.getTime()) / 1000)) });
}

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
 * Step 5 → 6: the completion transaction of SPEC §5. A guarded UPDATE marks the flow done (only from
 * `review`, with the password and the emailed code verified in this flow, before expiry, the account
 * not locked; row count checked), then revokePasskeysAndEnablePassword revokes every active passkey,
 * turns password login on, ends all sessions, audits and queues the email — all or nothing, retried
 * whole on 40001/40P01. Idempotent: a repeated or concurrent submit, or a replayed token, gets the
 * stored result and changes nothing. Never signs the customer in.
 */
export async function completeFlow(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<CompletionResult>> {
  const now = clock(ctx);
  const limited = await limit(db, ctx, attemptBuckets(ctx), now);
  if (limited) return fail(limited);
  const flow = await loadFlow(db, token);
  if (!flow) return fail({ code: 'flow_expired' });
  if (flow.step === 'done') return { ok: true, value: storedResult(flow) };
  const t = decide(flow, { type: 'confirm' }, now);
  if (!t.ok) return fail(await refuse(db, flow, t, ctx, now, 'complete'));
  if (!flow.customerId || !flow.passwordVerifiedAt || !flow.otpVerifiedAt) {
    await audit(db, ctx, 'recovery.step_rejected', { flowId: flow.id, customerId: flow.customerId, details: { attempted: 'complete', step: flow.step, reason: 'factors_missing' } });
    return fail({ code: 'wrong_step', step: flow.step });
  }
  const customerId = flow.customerId;
  const { lockCode, lockCodeHash } = await prepareLockCode();

  let outcome: CompletionResult | null = null;
  for (let attempt = 0; attempt < 2 && !outcome; attempt++) {
    const referenceNumber = newReferenceNumber(now);
    try {
      outcome = await transactionWithRetry(db, async (tx) => {
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
          auditDetails: { channel: ctx.channel ?? 'web' }, lockCode, lockCodeHash,
        });
        const final = { ...result, revokedPasskeys };
        await tx.update(recoveryFlows).set({ result: final }).where(eq(recoveryFlows.id, flow.id));
        return final;
      });
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
  const current = await reload(db, flow.id);
  if (current.step === 'done') return { ok: true, value: storedResult(current) };
  const [account] = await db.select({ recoveryLockedUntil: customers.recoveryLockedUntil, loginLockedAt: customers.loginLockedAt }).from(customers).where(eq(customers.id, customerId));
  if (account && isAccountLocked(account, now)) return fail(await lockForAccount(db, current, ctx, 'complete'));
  const again = decide(current, { type: 'confirm' }, now);
  if (!again.ok) return fail(await refuse(db, current, again, ctx, now, 'complete'));
  return fail({ code: 'wrong_step', step: current.step });
}

/** The customer gives up: any live step → `cancelled`. */
export async function cancelFlow(db: Db, token: string, ctx: Ctx): Promise<RecoveryResult<{ step: 'cancelled' }>> {
  const now = clock(ctx);
  const opened = await open(db, token, { type: 'cancel' }, ctx, now, 'cancel');
  if (!opened.ok) return opened;
  const rows = await db.update(recoveryFlows).set({ step: 'cancelled' })
    .where(and(eq(recoveryFlows.id, opened.flow.id), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
    .returning({ id: recoveryFlows.id });
  if (rows.length !== 1) {
    const current = await reload(db, opened.flow.id);
    const t = decide(current, { type: 'cancel' }, now);
    return fail(t.ok ? { code: 'wrong_step', step: current.step } : await refuse(db, current, t, ctx, now, 'cancel'));
  }
  await audit(db, ctx, 'recovery.cancelled', { flowId: opened.flow.id, customerId: opened.flow.customerId, details: { step: opened.flow.step } });
  return { ok: true, value: { step: 'cancelled' } };
}

export { loadFlow as findFlowByToken };
