import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { customers, notificationOutbox, passkeys, recoveryFlows } from '../../db/schema';
import { queryRows } from '../../db/client';
import { changedTables, snapshot, withTestDatabase } from '../support/db';
import {
  auditCount,
  callRoute,
  createCustomer,
  ctxFor,
  flowAt,
  flowRow,
  freshIp,
  latestOtp,
  outboxCount,
  TRACE_TABLES,
} from '../support/recovery-helpers';
import { addSoftPasskey, assertion } from '../support/recovery-webauthn';
import { hashStats } from '../../lib/auth/password';
import { isCustomerSessionValid, passwordLogin } from '../../lib/auth/customer-login';
import { finishAuthentication, startAuthentication } from '../../lib/passkeys';
import {
  completeFlow,
  describeFlow,
  resendOtp,
  revokePasskeysAndEnablePassword,
  startFlow,
  submitAccountData,
  submitCredentials,
  submitOtp,
  submitSecretAnswer,
  unlockRecovery,
  prepareLockCode,
  newReferenceNumber,
} from '../../lib/recovery';
import type { Db } from '../../db/client';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flow from '../../app/api/v1/recovery/flow/route';
import * as credentialsRoute from '../../app/api/v1/recovery/flow/credentials/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';
import * as resendRoute from '../../app/api/v1/recovery/flow/otp/resend/route';

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3600_000;

async function customerRow(id: string) {
  const [c] = await db.select().from(customers).where(eq(customers.id, id));
  return c;
}

/**
 * What an attacker must not change about an account: everything but the recovery counters and the
 * lock code issued for the notice that tells the customer (the first notice of an account issues one).
 */
function accountAttributes(c: Awaited<ReturnType<typeof customerRow>>) {
  return Object.fromEntries(
    Object.entries(c).filter(
      ([k]) => k !== 'recoveryLockedUntil' && k !== 'failedRecoveryCount' && k !== 'lockCodeHash',
    ),
  );
}

async function activePasskeys(customerId: string) {
  return db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)));
}

describe('RT-01 enumeration at the credentials step', () => {
  it('RT-01 unknown ID, wrong password, login-locked and recovery-suspended accounts answer identically, one argon2 verify each', async () => {
    const known = await createCustomer(db);
    const loginLocked = await createCustomer(db);
    const suspended = await createCustomer(db);
    await db.update(customers).set({ loginLockedAt: new Date() }).where(eq(customers.id, loginLocked.id));
    await db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 20 * HOUR) })
      .where(eq(customers.id, suspended.id));
    const outboxBefore = await snapshot(db, ['notification_outbox']);

    const paths = [
      { name: 'unknown', loginId: `nobody-${Date.now()}`, password: 'whatever-1' },
      { name: 'wrong password', loginId: known.loginId, password: 'not-the-password' },
      { name: 'login locked', loginId: loginLocked.loginId, password: 'not-the-password' },
      { name: 'recovery suspended', loginId: suspended.loginId, password: 'not-the-password' },
    ];
    const seen: Array<{ status: number; body: unknown; headers: string[][]; verifies: number }> = [];
    for (const p of paths) {
      const ip = freshIp();
      const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
      const before = hashStats.verifies;
      const res = await callRoute(credentialsRoute.POST, {
        path: '/api/v1/recovery/flow/credentials',
        token: started.body.flowToken as string,
        ip,
        body: { loginId: p.loginId, password: p.password },
      });
      seen.push({
        status: res.status,
        body: res.body,
        verifies: hashStats.verifies - before,
        headers: [...res.headers.entries()].filter(([k]) => k !== 'date').sort(),
      });
    }
    for (const s of seen) {
      expect(s).toEqual(seen[0]);
      expect(s.verifies).toBe(1);
    }
    expect(seen[0].status).toBe(401);
    expect(seen[0].headers.map(([k]) => k)).not.toContain('set-cookie');
    // No email queued for any of them (unknown IDs above all).
    expect(changedTables(outboxBefore, await snapshot(db, ['notification_outbox']))).toEqual([]);
  });

  it('RT-01 the lock is revealed only after the right password', async () => {
    const suspended = await createCustomer(db);
    await db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 20 * HOUR) })
      .where(eq(customers.id, suspended.id));
    const ip = freshIp();
    const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
    const res = await callRoute(credentialsRoute.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token: started.body.flowToken as string,
      ip,
      body: { loginId: suspended.loginId, password: suspended.password },
    });
    expect(res.status).toBe(423);
    expect((await flowRow(db, started.body.flowToken as string)).step).toBe('locked');
  });
});

describe('RT-02 which factor failed', () => {
  it('RT-02 a wrong birth date, branch code or account number give one generic failure; the counter rises by exactly one each', async () => {
    const c = await createCustomer(db);
    const { token, flowId, ctx } = await flowAt(db, c, 'account_data');
    const variants = [
      { birthDate: '1985-04-13', branchCode: c.branchCode, accountNumber: c.accountNumber },
      { birthDate: c.birthDate, branchCode: c.branchCode === '999' ? '998' : '999', accountNumber: c.accountNumber },
      { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: '0000001' },
    ];
    const errors = [];
    for (const [i, v] of variants.entries()) {
      const before = await flowRow(db, token);
      const res = await submitAccountData(db, token, v, ctx);
      expect(res.ok).toBe(false);
      errors.push(res.ok ? null : res.error);
      expect((await flowRow(db, token)).failedAttempts).toBe(before.failedAttempts + 1);
      expect(await auditCount(db, 'recovery.verification_failed', { flowId })).toBe(i + 1);
    }
    expect(errors).toEqual([
      { code: 'verification_failed', attemptsLeft: 4 },
      { code: 'verification_failed', attemptsLeft: 3 },
      { code: 'verification_failed', attemptsLeft: 2 },
    ]);
    // The audit names the step, never the field or the value.
    const rows = await queryRows<{ details: Record<string, unknown> }>(
      db,
      sql`select details from audit_events where flow_id = ${flowId} and action = 'recovery.verification_failed'`,
    );
    for (const r of rows) expect(Object.keys(r.details).sort()).toEqual(['channel', 'failures', 'step', 'userAgent']);
    expect(JSON.stringify(rows)).not.toMatch(/1985|0000001/);
  });

  it('RT-02 a wrong answer to the secret question counts once and says nothing more', async () => {
    const c = await createCustomer(db);
    const { token, ctx } = await flowAt(db, c, 'secret_question');
    const res = await submitSecretAnswer(db, token, { answer: 'タマ' }, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } });
    expect((await flowRow(db, token)).failedAttempts).toBe(1);
  });
});

describe('RT-03 enumeration through OTP sending', () => {
  it('RT-03 codes are only ever queued for flows that passed the first three steps, through the outbox', async () => {
    const c = await createCustomer(db);
    const ip = freshIp();
    const before = await snapshot(db, ['notification_outbox']);
    // Unknown ID and known ID with a wrong password: resend answers the same, and nothing is queued.
    const replies = [];
    for (const loginId of [`ghost-${Date.now()}`, c.loginId]) {
      const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
      const token = started.body.flowToken as string;
      await callRoute(credentialsRoute.POST, {
        path: '/api/v1/recovery/flow/credentials',
        token,
        ip,
        body: { loginId, password: 'wrong-wrong' },
      });
      const r = await callRoute(resendRoute.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip });
      replies.push({ status: r.status, body: r.body });
    }
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0].status).toBe(409);
    expect(changedTables(before, await snapshot(db, ['notification_outbox']))).toEqual([]);
    // A verified flow gets exactly one code, queued (not sent) in the outbox.
    await flowAt(db, c, 'otp', ctxFor(ip));
    const rows = await db.select().from(notificationOutbox).where(eq(notificationOutbox.toAddress, c.email));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ template: 'recovery_otp', sentAt: null, attempts: 0 });
  });
});

describe('RT-04 distributed brute force on one account', () => {
  it('RT-04 150 IPs: the account locks at 10 failures, at most 100 are evaluated in the hour, and the right password is still refused', async () => {
    const c = await createCustomer(db);
    const before = await customerRow(c.id);
    const passkeysBefore = await snapshot(db, ['passkeys']);
    const ips = Array.from({ length: 150 }, () => freshIp());
    const tokens: string[] = [];
    for (const ip of ips) {
      const s = await startFlow(db, ctxFor(ip));
      if (!s.ok) throw new Error('start');
      tokens.push(s.value.flowToken);
    }
    const verifies = hashStats.verifies;
    const results = await Promise.all(
      ips.map((ip, i) => submitCredentials(db, tokens[i], { loginId: c.loginId, password: `guess-${i}` }, ctxFor(ip))),
    );
    const evaluated = hashStats.verifies - verifies;
    expect(evaluated).toBe(100);
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((x) => x === 'verification_failed')).toHaveLength(100);
    expect(codes.filter((x) => x === 'rate_limited')).toHaveLength(50);

    const after = await customerRow(c.id);
    expect(after.recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(await auditCount(db, 'recovery.account_locked', { customerId: c.id })).toBe(1);
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBe(1);

    // An hour later (the per-ID window is over, the lock is not): even the right password gets no further.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + HOUR + 1000);
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    const right = await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: c.password }, ctx);
    expect(right).toEqual({ ok: false, error: { code: 'locked' } });
    expect(accountAttributes(await customerRow(c.id))).toEqual(accountAttributes(before));
    expect(changedTables(passkeysBefore, await snapshot(db, ['passkeys']))).toEqual([]);
  });
});

describe('RT-05 OTP guessing', () => {
  it('RT-05 serial: after 3 wrong codes the right code is refused', async () => {
    const c = await createCustomer(db);
    const { token, flowId, ctx } = await flowAt(db, c, 'otp');
    const code = await latestOtp(db, c.email);
    const wrong = code === '000000' ? '000001' : '000000';
    const replies = [];
    for (let i = 0; i < 3; i++) replies.push(await submitOtp(db, token, { code: wrong }, ctx));
    expect(replies.map((r) => (r.ok ? null : r.error))).toEqual([
      { code: 'verification_failed', attemptsLeft: 4 },
      { code: 'verification_failed', attemptsLeft: 3 },
      { code: 'verification_failed', attemptsLeft: 2, otp: 'exhausted' },
    ]);
    const right = await submitOtp(db, token, { code }, ctx);
    expect(right).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 2, otp: 'exhausted' } });
    const row = await flowRow(db, token);
    expect(row).toMatchObject({ step: 'otp', otpAttempts: 3, failedAttempts: 3, otpVerifiedAt: null });
    expect(await auditCount(db, 'recovery.verification_failed', { flowId })).toBe(3);
  });

  it('RT-05 at most 3 OTP tries are evaluated even under 50 concurrent guesses', async () => {
    const c = await createCustomer(db);
    const { token, flowId } = await flowAt(db, c, 'otp');
    const code = await latestOtp(db, c.email);
    const guesses = Array.from({ length: 50 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0'));
    const results = await Promise.all(guesses.map((g) => submitOtp(db, token, { code: g }, ctxFor())));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await auditCount(db, 'recovery.verification_failed', { flowId })).toBe(3);
    expect(await flowRow(db, token)).toMatchObject({ otpAttempts: 3, failedAttempts: 3, step: 'otp' });
    expect((await submitOtp(db, token, { code }, ctxFor())).ok).toBe(false);
  });

  it('RT-05 the attempt counter survives a rollback of the step transaction', async () => {
    const c = await createCustomer(db);
    const { token, ctx } = await flowAt(db, c, 'otp');
    const code = await latestOtp(db, c.email);
    await db.execute(
      sql.raw(`
      create or replace function test_fail_otp_advance() returns trigger language plpgsql as $$
      begin
        if old.step = 'otp' and new.step = 'review' and current_setting('test.fail_otp', true) is null then
          raise exception 'injected fault in the OTP step';
        end if;
        return new;
      end $$`),
    );
    await db.execute(
      sql.raw(
        `create trigger test_fail_otp_advance before update on recovery_flows for each row execute function test_fail_otp_advance()`,
      ),
    );
    try {
      // The fault ends the attempt as an audited failure (the spent attempt is on record), never a throw.
      expect(await submitOtp(db, token, { code }, ctx)).toEqual({ ok: false, error: { code: 'unavailable' } });
      const row = await flowRow(db, token);
      expect(row).toMatchObject({ step: 'otp', otpAttempts: 1, failedAttempts: 1 });
      expect(await auditCount(db, 'recovery.verification_failed', { flowId: row.id })).toBe(1);
    } finally {
      await db.execute(sql.raw(`drop trigger test_fail_otp_advance on recovery_flows`));
    }
  });
});

describe('RT-06 resend abuse', () => {
  it('RT-06 resends are ≥60 s apart and ≤3 per flow, the old code dies, failures carry over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const { token, ctx } = await flowAt(db, c, 'otp');
    const first = await latestOtp(db, c.email);
    const wrong = first === '999999' ? '999998' : '999999';
    expect((await submitOtp(db, token, { code: wrong }, ctx)).ok).toBe(false);
    expect(await resendOtp(db, token, ctx)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'otp_resend_interval' },
    });
    vi.setSystemTime(Date.now() + 59_000);
    expect(await resendOtp(db, token, ctx)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'otp_resend_interval', retryAfter: 1 },
    });
    vi.setSystemTime(Date.now() + 1_000);
    expect(await resendOtp(db, token, ctx)).toMatchObject({ ok: true, value: { sendsLeft: 1 } });
    const second = await latestOtp(db, c.email);
    expect((await flowRow(db, token)).failedAttempts).toBe(1);
    // The old code is dead (and counts as a failure); the count carries over.
    expect(await submitOtp(db, token, { code: first }, ctx)).toEqual({
      ok: false,
      error: { code: 'verification_failed', attemptsLeft: 3 },
    });
    vi.setSystemTime(Date.now() + 60_000);
    expect(await resendOtp(db, token, ctx)).toMatchObject({ ok: true, value: { sendsLeft: 0 } });
    vi.setSystemTime(Date.now() + 60_000);
    expect(await resendOtp(db, token, ctx)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'otp_send_limit' },
    });
    expect(await outboxCount(db, c.email, 'recovery_otp')).toBe(3);
    expect(await submitOtp(db, token, { code: second }, ctx)).toMatchObject({ ok: false });
    expect(await submitOtp(db, token, { code: await latestOtp(db, c.email) }, ctx)).toEqual({
      ok: true,
      value: { step: 'review' },
    });
    expect((await flowRow(db, token)).failedAttempts).toBe(3);
  });
});

describe('RT-07 an attacker who knows only the login ID', () => {
  it('RT-07 10 wrong passwords lock recovery only, for 24 h, the customer told once, the staff path still open', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db, { passkeyCount: 0 });
    const before = await customerRow(c.id);
    const passkeysBefore = await snapshot(db, ['passkeys']);
    for (let i = 0; i < 12; i++) {
      const ctx = ctxFor();
      const s = await startFlow(db, ctx);
      if (!s.ok) throw new Error('start');
      const r = await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: `nope-${i}` }, ctx);
      expect(r).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } });
    }
    const locked = await customerRow(c.id);
    expect(locked.recoveryLockedUntil).not.toBeNull();
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBe(1);
    expect(await auditCount(db, 'recovery.account_locked', { customerId: c.id })).toBe(1);
    const email = (
      await db
        .select()
        .from(notificationOutbox)
        .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_locked')))
    )[0];
    expect(email.bodyText).not.toMatch(/https?:|www\./);
    expect(accountAttributes(locked)).toEqual(accountAttributes(before));
    expect(changedTables(passkeysBefore, await snapshot(db, ['passkeys']))).toEqual([]);
    // Only recovery is locked: the customer can still log in with the password they know.
    expect(
      await passwordLogin(db, { loginId: c.loginId, password: c.password }, { ip: freshIp(), channel: 'web' }),
    ).toMatchObject({ ok: true });
    // The staff path stays open: an operator can unlock (the forced reset does not look at this lock).
    expect(await unlockRecovery(db, c.id, { type: 'staff', id: 'staff-1' }, { ip: '127.0.0.1' })).toEqual({
      unlocked: true,
    });
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    expect(await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: c.password }, ctx)).toEqual({
      ok: true,
      value: { step: 'secret_question' },
    });
  });

  it('RT-07 the lock is time-bounded: after 24 h the right evidence works again and the old failures no longer count', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    for (let i = 0; i < 10; i++) {
      const ctx = ctxFor();
      const s = await startFlow(db, ctx);
      if (!s.ok) throw new Error('start');
      await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: `nope-${i}` }, ctx);
    }
    expect((await customerRow(c.id)).recoveryLockedUntil).not.toBeNull();
    vi.setSystemTime(Date.now() + 24 * HOUR + 1000);
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    expect(
      await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: 'one-more-wrong' }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'verification_failed' } });
    expect(await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: c.password }, ctx)).toEqual({
      ok: true,
      value: { step: 'secret_question' },
    });
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBe(1);
  });
});

describe('RT-08 an old flow after a lock expires', () => {
  it('RT-08 a flow caught by the account lock stays dead after the lock ends; a new flow restarts at credentials', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const old = await flowAt(db, c, 'secret_question');
    // Wrong answers in other flows lock the account (10 in 24 h).
    for (let i = 0; i < 5; i++) {
      const f = await flowAt(db, c, 'secret_question');
      await submitSecretAnswer(db, f.token, { answer: `wrong-${i}` }, f.ctx);
      await submitSecretAnswer(db, f.token, { answer: `wrong2-${i}` }, f.ctx);
    }
    expect((await customerRow(c.id)).recoveryLockedUntil).not.toBeNull();
    expect((await flowRow(db, old.token)).step).toBe('locked');
    expect(await submitSecretAnswer(db, old.token, { answer: c.answer }, old.ctx)).toEqual({
      ok: false,
      error: { code: 'locked' },
    });
    vi.setSystemTime(Date.now() + 24 * HOUR + 1000);
    expect(await submitSecretAnswer(db, old.token, { answer: c.answer }, old.ctx)).toEqual({
      ok: false,
      error: { code: 'locked' },
    });
    const fresh = await startFlow(db, old.ctx);
    expect(fresh).toMatchObject({ ok: true, value: { step: 'credentials' } });
    if (!fresh.ok) return;
    expect(
      await submitCredentials(db, fresh.value.flowToken, { loginId: c.loginId, password: c.password }, old.ctx),
    ).toEqual({ ok: true, value: { step: 'secret_question' } });
  });
});

describe('RT-09 skipping to completion', () => {
  it('RT-09 no flow, every earlier step, an expired flow: rejected, nothing changes, the attempt is audited', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const ip = freshIp();
    const none = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      ip,
      body: { confirm: true },
    });
    expect(none.status).toBe(410);
    for (const step of ['credentials', 'secret_question', 'account_data', 'otp'] as const) {
      const f = await flowAt(db, c, step);
      const before = await snapshot(db);
      const res = await callRoute(complete.POST, {
        path: '/api/v1/recovery/flow/complete',
        token: f.token,
        ip,
        body: { confirm: true },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'wrong_step', step });
      expect(changedTables(before, await snapshot(db)).filter((t) => !TRACE_TABLES.includes(t))).toEqual([]);
      expect(await auditCount(db, 'recovery.step_rejected', { flowId: f.flowId })).toBe(1);
    }
    const late = await flowAt(db, c, 'review');
    vi.setSystemTime(Date.now() + 15 * 60_000);
    const before = await snapshot(db, ['passkeys', 'customers', 'notification_outbox']);
    const expired = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: late.token,
      ip,
      body: { confirm: true },
    });
    expect(expired.status).toBe(410);
    expect(changedTables(before, await snapshot(db, ['passkeys', 'customers', 'notification_outbox']))).toEqual([]);
    expect(await activePasskeys(c.id)).toHaveLength(2);
  });

  it('RT-09 completion needs the password and the emailed code verified in this flow', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'otp');
    // A row pushed to `review` without its code verified (a bug or a tampered row) still cannot complete.
    await db.update(recoveryFlows).set({ step: 'review' }).where(eq(recoveryFlows.id, f.flowId));
    const before = await snapshot(db);
    expect(await completeFlow(db, f.token, f.ctx)).toEqual({
      ok: false,
      error: { code: 'wrong_step', step: 'review' },
    });
    expect(changedTables(before, await snapshot(db)).filter((t) => !TRACE_TABLES.includes(t))).toEqual([]);
    const [audit] = await queryRows<{ details: { reason?: string } }>(
      db,
      sql`select details from audit_events where flow_id = ${f.flowId} and action = 'recovery.step_rejected'`,
    );
    expect(audit.details.reason).toBe('factors_missing');
    expect(await activePasskeys(c.id)).toHaveLength(2);
  });

  it('RT-09 a completed flow replayed (token and body) returns its stored result and does nothing more', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const first = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: f.token,
      ip: f.ctx.ip,
      body: { confirm: true },
    });
    expect(first.status).toBe(200);
    const before = await snapshot(db);
    const again = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: f.token,
      ip: f.ctx.ip,
      body: { confirm: true },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(changedTables(before, await snapshot(db))).toEqual(['rate_limit_buckets']);
    const other = await callRoute(credentialsRoute.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token: f.token,
      ip: f.ctx.ip,
      body: { loginId: c.loginId, password: c.password },
    });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'wrong_step', step: 'done' });
  });
});

describe('RT-10 tampering', () => {
  it('RT-10 extra fields (customerId, step, credentialIds, email) are ignored: the account comes from the flow row only', async () => {
    const me = await createCustomer(db);
    const victim = await createCustomer(db);
    const victimBefore = await queryRows(db, sql`select c::text as c from customers c where id = ${victim.id}`);
    const victimKeys = await activePasskeys(victim.id);
    const ip = freshIp();
    const started = await callRoute(flows.POST, {
      path: '/api/v1/recovery/flows',
      ip,
      body: { customerId: victim.id, step: 'review' },
    });
    const token = started.body.flowToken as string;
    expect(started.body.step).toBe('credentials');
    const s1 = await callRoute(credentialsRoute.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: {
        loginId: me.loginId,
        password: me.password,
        customerId: victim.id,
        step: 'review',
        email: 'evil@example.com',
      },
    });
    expect(s1.status).toBe(200);
    expect((await flowRow(db, token)).customerId).toBe(me.id);
    await submitSecretAnswer(db, token, { answer: me.answer, customerId: victim.id } as never, ctxFor(ip));
    await submitAccountData(
      db,
      token,
      {
        birthDate: me.birthDate,
        branchCode: me.branchCode,
        accountNumber: me.accountNumber,
        email: 'evil@example.com',
      } as never,
      ctxFor(ip),
    );
    expect(await outboxCount(db, 'evil@example.com')).toBe(0);
    await submitOtp(db, token, { code: await latestOtp(db, me.email) }, ctxFor(ip));
    const done = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token,
      ip,
      body: { confirm: true, customerId: victim.id, credentialIds: victimKeys.map((k) => k.credentialId) },
    });
    expect(done.status).toBe(200);
    expect(await activePasskeys(me.id)).toHaveLength(0);
    expect(await activePasskeys(victim.id)).toHaveLength(2);
    expect(await queryRows(db, sql`select c::text as c from customers c where id = ${victim.id}`)).toEqual(
      victimBefore,
    );
  });

  it("RT-10 another customer's flow token checks that customer's evidence, not the holder's", async () => {
    const a = await createCustomer(db);
    const b = await createCustomer(db);
    const bFlow = await flowAt(db, b, 'account_data');
    const res = await submitAccountData(
      db,
      bFlow.token,
      { birthDate: a.birthDate, branchCode: a.branchCode, accountNumber: a.accountNumber },
      bFlow.ctx,
    );
    expect(res).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } });
  });
});

describe('RT-11 state changes only by POST with the flow token', () => {
  it('RT-11 GET never changes state, not even for a flow past its lifetime', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'otp');
    const before = await snapshot(db);
    const live = await callRoute(flow.GET, {
      method: 'GET',
      path: '/api/v1/recovery/flow',
      token: f.token,
      ip: f.ctx.ip,
    });
    expect(live.body).toMatchObject({ step: 'otp', maskedEmail: expect.stringMatching(/^.\*\*\*@example\.jp$/) });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    const gone = await callRoute(flow.GET, {
      method: 'GET',
      path: '/api/v1/recovery/flow',
      token: f.token,
      ip: f.ctx.ip,
    });
    expect(gone.status).toBe(410);
    expect(await describeFlow(db, f.token, { locale: 'ja' })).toEqual({ step: 'expired', kind: 'passkey' });
    expect(changedTables(before, await snapshot(db))).toEqual([]);
  });

  it('RT-11 the API is authorized by the bearer token only: a cookie (what a cross-site request carries) does nothing', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const before = await snapshot(db, ['passkeys', 'customers', 'recovery_flows', 'notification_outbox']);
    const res = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      ip: f.ctx.ip,
      body: { confirm: true },
      headers: { cookie: `lhp_recovery=${f.token}`, origin: 'https://evil.example' },
    });
    expect(res.status).toBe(410);
    expect(
      changedTables(before, await snapshot(db, ['passkeys', 'customers', 'recovery_flows', 'notification_outbox'])),
    ).toEqual([]);
  });
});

describe('RT-12 OTP replay and transplant', () => {
  it('RT-12 a code is single use and bound to its flow (another flow of the same or another account refuses it)', async () => {
    const c = await createCustomer(db);
    const d = await createCustomer(db);
    const a = await flowAt(db, c, 'otp');
    const codeA = await latestOtp(db, c.email);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    const b = await flowAt(db, c, 'otp');
    const other = await flowAt(db, d, 'otp');
    expect(await submitOtp(db, b.token, { code: codeA }, b.ctx)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed' },
    });
    expect(await submitOtp(db, other.token, { code: codeA }, other.ctx)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed' },
    });
    expect(await submitOtp(db, a.token, { code: codeA }, a.ctx)).toEqual({ ok: true, value: { step: 'review' } });
    expect(await submitOtp(db, a.token, { code: codeA }, a.ctx)).toEqual({
      ok: false,
      error: { code: 'wrong_step', step: 'review' },
    });
    // The code is not stored, only its flow-bound digest.
    const row = await flowRow(db, b.token);
    expect(row.otpHash).toMatch(/^[0-9a-f]{64}$/);
    // As a value of its own: six digits can occur by chance inside a hex digest or a UUID.
    expect(JSON.stringify(await queryRows(db, sql`select * from recovery_flows`))).not.toMatch(
      new RegExp(`(?<![0-9a-f])${codeA}(?![0-9a-f])`),
    );
  });
});

describe('RT-13 expiry boundaries by server time', () => {
  it('RT-13 a code is accepted at 9:59 and refused at 10:01', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const early = await flowAt(db, c, 'otp');
    const codeEarly = await latestOtp(db, c.email);
    vi.setSystemTime(Date.now() + 9 * 60_000 + 59_000);
    expect(await submitOtp(db, early.token, { code: codeEarly }, early.ctx)).toEqual({
      ok: true,
      value: { step: 'review' },
    });

    const late = await flowAt(db, c, 'otp');
    const codeLate = await latestOtp(db, c.email);
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
    expect(await submitOtp(db, late.token, { code: codeLate }, late.ctx)).toEqual({
      ok: false,
      error: { code: 'verification_failed', attemptsLeft: 5, otp: 'expired' },
    });
    expect((await flowRow(db, late.token)).failedAttempts).toBe(0);
  });

  it('RT-13 a flow past 15 minutes is expired and cannot be revived, even if the clock goes back', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const start = Date.now();
    const f = await flowAt(db, c, 'secret_question');
    vi.setSystemTime(start + 15 * 60_000 - 1);
    expect((await describeFlow(db, f.token, { locale: 'ja' }))?.step).toBe('secret_question');
    vi.setSystemTime(start + 15 * 60_000 + 1);
    expect(await submitSecretAnswer(db, f.token, { answer: c.answer }, f.ctx)).toEqual({
      ok: false,
      error: { code: 'flow_expired' },
    });
    expect((await flowRow(db, f.token)).step).toBe('expired');
    vi.setSystemTime(start + 60_000);
    expect(await submitSecretAnswer(db, f.token, { answer: c.answer }, f.ctx)).toEqual({
      ok: false,
      error: { code: 'flow_expired' },
    });
  });
});

describe('RT-14 revocation completeness', () => {
  it('RT-14 a revoked credential cannot sign in, even against a challenge issued before completion', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    const key = await addSoftPasskey(db, c.id);
    const ctx = { ip: freshIp() };
    const warm = await startAuthentication(db, ctx);
    expect(
      await finishAuthentication(
        db,
        { challengeId: warm.challengeId, response: assertion(key, warm.options.challenge) },
        ctx,
      ),
    ).toEqual({ customerId: c.id });

    const pending = await startAuthentication(db, ctx);
    const f = await flowAt(db, c, 'review');
    expect(await completeFlow(db, f.token, f.ctx)).toMatchObject({ ok: true });
    await expect(
      finishAuthentication(
        db,
        { challengeId: pending.challengeId, response: assertion(key, pending.options.challenge) },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'unknown_credential' });
    const fresh = await startAuthentication(db, ctx);
    await expect(
      finishAuthentication(
        db,
        { challengeId: fresh.challengeId, response: assertion(key, fresh.options.challenge) },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'unknown_credential' });
    const [row] = await db.select().from(passkeys).where(eq(passkeys.credentialId, key.credentialId));
    expect(row).toMatchObject({ revokedBy: `recovery:${f.flowId}`, revokedReason: 'customer_recovery' });
    expect(row.revokedAt).toBeInstanceOf(Date);
  });
});

describe('RT-15 live sessions at completion', () => {
  it('RT-15 every session issued before completion is dead at once, and recovery signs nobody in', async () => {
    const c = await createCustomer(db);
    await db
      .update(customers)
      .set({ sessionsValidAfter: new Date(Date.now() - HOUR) })
      .where(eq(customers.id, c.id));
    const issuedBefore = Date.now() - 1000;
    expect(await isCustomerSessionValid(db, c.id, issuedBefore)).toBe(true);
    const f = await flowAt(db, c, 'review');
    const res = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: f.token,
      ip: f.ctx.ip,
      body: { confirm: true },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(Object.keys(res.body).sort()).toEqual([
      'completedAt',
      'passwordLoginEnabled',
      'referenceNumber',
      'revokedPasskeys',
    ]);
    expect(await isCustomerSessionValid(db, c.id, issuedBefore)).toBe(false);
    expect(await auditCount(db, 'login.password.succeeded', { customerId: c.id })).toBe(0);
  });
});

describe('RT-18 notification content', () => {
  it('RT-18 one email to the registered address in the same transaction, with a lock code and no secret or link', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const [otpMail] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_otp')));
    const code = /確認コード：(\d{6})/.exec(otpMail.bodyText)![1];
    const done = await completeFlow(db, f.token, f.ctx);
    expect(done.ok).toBe(true);
    const mails = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.customerId, c.id), eq(notificationOutbox.template, 'recovery_completed')));
    expect(mails).toHaveLength(1);
    const m = mails[0];
    expect(m.toAddress).toBe(c.email);
    const text = `${m.subject}\n${m.bodyText}`;
    expect(text).toContain(done.ok ? done.value.referenceNumber : '');
    expect(text).toMatch(/ロックコード：[A-Z2-9]{8}/);
    expect(text).toContain('心当たりがない場合');
    for (const secret of [c.password, code, c.answer, 'ぽち', c.birthDate, '1985', c.accountNumber])
      expect(text).not.toContain(secret);
    for (const mail of [m, otpMail]) expect(`${mail.subject}\n${mail.bodyText}`).not.toMatch(/https?:\/\/|www\.|<a\s/i);
  });
});

describe('the staff console shares the completion core', () => {
  it('revokePasskeysAndEnablePassword keeps its signature for the forced reset', async () => {
    const c = await createCustomer(db);
    const { lockCode, lockCodeHash } = await prepareLockCode();
    const ref = newReferenceNumber();
    const res = await db.transaction(async (tx) =>
      revokePasskeysAndEnablePassword(tx, {
        customerId: c.id,
        revokedBy: 'staff-reset:test',
        reason: 'staff_forced_reset',
        referenceNumber: ref,
        actor: { type: 'staff', id: 'op-1' },
        lockCode,
        lockCodeHash,
        now: new Date(),
      }),
    );
    expect(res).toEqual({ revokedPasskeys: 2 });
    expect((await customerRow(c.id)).passwordLoginEnabled).toBe(true);
  });
});
