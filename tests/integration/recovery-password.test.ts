import { and, eq, isNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { authSessions, customers, recoveryFlows } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { hashStats, verifySecret } from '../../lib/auth/password';
import { startSession } from '../../lib/auth/sessions';
import { claimLoginAttempt, throttleKey } from '../../lib/auth/login-throttle';
import {
  cancelFlow,
  completeFlow,
  describeFlow,
  reportNotMe,
  resendOtp,
  resumeFlow,
  startFlow,
  submitCredentials,
  submitCredentialsPin,
  submitNewPassword,
  submitOtp,
  unlockRecovery,
} from '../../lib/recovery';
import { withTestDatabase } from '../support/db';
import { activePasskeys } from '../support/recovery-completion';
import {
  auditCount,
  callRoute,
  createCustomer,
  ctxFor,
  flowAt,
  flowRow,
  latestOtp,
  outboxCount,
} from '../support/recovery-helpers';
import { createPinCustomer, passwordFlowAt, STRONG_PASSWORD } from '../support/password-flow';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flowRoute from '../../app/api/v1/recovery/flow/route';
import * as pinRoute from '../../app/api/v1/recovery/flow/credentials-pin/route';
import * as newPasswordRoute from '../../app/api/v1/recovery/flow/new-password/route';
import * as completeRoute from '../../app/api/v1/recovery/flow/complete/route';
import * as resumeRoute from '../../app/api/v1/recovery/resume/route';

/*
 * The password flow kind (docs/design.md#forgotten-password) on the real database (PGlite, or PostgreSQL
 * with DATABASE_URL): RT-46, and the rules of the passkey kind again for the PIN step, the wait and the
 * completion. The wait is crossed with an injected clock (ctx.now).
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

async function lastMail(to: string, template: string): Promise<string> {
  const [row] = await queryRows<{ body_text: string }>(
    db,
    sql`select body_text from notification_outbox where to_address = ${to} and template = ${template} order by created_at desc limit 1`,
  );
  return row?.body_text ?? '';
}

describe('password kind: the whole path through the JSON API', () => {
  it('PIN → question → account data → code → waiting (notice at once) → resume → code → weak refused → strong → review → done', async () => {
    const c = await createPinCustomer(db);
    const ip = ctxFor().ip;
    const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', body: { kind: 'password' }, ip });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ step: 'credentials_pin' });
    const token = String(started.body.flowToken);

    const pin = await callRoute(pinRoute.POST, {
      path: '/api/v1/recovery/flow/credentials-pin',
      token,
      ip,
      body: { loginId: c.loginId.toUpperCase(), tradingPin: '４８２６' },
    });
    expect(pin.status).toBe(200);
    expect(pin.body).toMatchObject({ step: 'secret_question', kind: 'password' });

    const f = await passwordFlowAt(db, c, 'waiting', ctxFor(ip));
    const view = await describeFlow(db, f.token, { locale: 'ja' });
    expect(view).toMatchObject({
      step: 'waiting',
      kind: 'password',
      referenceNumber: f.referenceNumber,
      resumeAt: f.resumeAt!.toISOString(),
    });
    const get = await callRoute(flowRoute.GET, { method: 'GET', path: '/api/v1/recovery/flow', token: f.token, ip });
    expect(get.body).toMatchObject({
      step: 'waiting',
      referenceNumber: f.referenceNumber,
      resumeAt: f.resumeAt!.toISOString(),
    });
    // The notice went out at once: 受付番号, lock code, 「心当たりがない場合」, no link.
    const notice = await lastMail(c.email, 'password_reset_waiting');
    expect(notice).toContain(f.referenceNumber);
    expect(notice).toContain('心当たりがない場合');
    expect(notice).toMatch(/ロックコード：[A-Z0-9]{8}/);
    expect(notice).not.toMatch(/https?:|www\./);
    expect(await auditCount(db, 'recovery.waiting_started', { flowId: f.flowId })).toBe(1);
    // The waiting flow lives the wait plus 72 hours.
    const row = await flowRow(db, f.token);
    expect(row.expiresAt.getTime() - row.resumeAt!.getTime()).toBe(72 * 3600_000);
    expect(row.resumeAt!.getTime() - row.waitingSince!.getTime()).toBe(86400_000);

    // RT-46 resume before the wait ends: 409 wrong_step with resumeAt.
    const early = await callRoute(resumeRoute.POST, {
      path: '/api/v1/recovery/resume',
      ip,
      body: { loginId: c.loginId, referenceNumber: f.referenceNumber },
    });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({
      code: 'wrong_step',
      step: 'waiting',
      resumeAt: f.resumeAt!.toISOString(),
    });

    // The wait is over (injected clock): a new token, a fresh code; the old token is dead.
    const later = { ...f.ctx, now: new Date(f.resumeAt!.getTime() + 5000) };
    const resumed = await resumeFlow(
      db,
      { loginId: c.loginId, referenceNumber: f.referenceNumber!.toLowerCase().replace(/^r/, 'R').toUpperCase() },
      later,
    );
    expect(resumed).toMatchObject({ ok: true, value: { step: 'otp' } });
    const newToken = resumed.ok ? resumed.value.flowToken : '';
    expect(newToken).not.toBe(f.token);
    expect(await describeFlow(db, f.token, { locale: 'ja' })).toBeNull();
    expect(await submitOtp(db, f.token, { code: '000000' }, later)).toMatchObject({
      ok: false,
      error: { code: 'flow_expired' },
    });
    // A skipped step is refused: the new password before the second code.
    expect(
      await submitNewPassword(db, newToken, { password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD }, later),
    ).toMatchObject({ ok: false, error: { code: 'wrong_step', step: 'otp' } });
    expect(await submitOtp(db, newToken, { code: await latestOtp(db, c.email) }, later)).toMatchObject({
      ok: true,
      value: { step: 'new_password' },
    });

    // RT-46 weak passwords: 400 weak_password with reasons; nothing changes.
    const weak = async (password: string) => {
      const r = await callRoute(newPasswordRoute.POST, {
        path: '/api/v1/recovery/flow/new-password',
        token: newToken,
        ip,
        body: { password },
      });
      expect(r.status).toBe(400);
      return (r.body.error as { reasons: string[] }).reasons;
    };
    expect(await weak('password1234')).toEqual(['common']);
    expect(await weak(`${c.loginId}-secret`)).toContain('contains_login_id');
    expect(await weak('my-19850412-pw')).toEqual(['contains_birth_date']);
    expect(await weak('short')).toContain('too_short');
    expect(await weak(c.password)).toEqual(['same_as_current']);
    expect((await flowRow(db, newToken)).step).toBe('new_password');
    const mismatch = await submitNewPassword(
      db,
      newToken,
      { password: STRONG_PASSWORD, confirmPassword: `${STRONG_PASSWORD}x` },
      later,
    );
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'weak_password', reasons: ['mismatch'] } });

    const strong = await callRoute(newPasswordRoute.POST, {
      path: '/api/v1/recovery/flow/new-password',
      token: newToken,
      ip,
      body: { password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD },
    });
    // The routes read the real clock, which stands before the injected one: the resumed flow is alive for them.
    expect(strong.status).toBe(200);
    expect(strong.body).toMatchObject({ step: 'review', passwordChange: true });
    const done = await callRoute(completeRoute.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: newToken,
      ip,
      body: { confirm: true },
    });
    expect(done.body).toMatchObject({
      referenceNumber: f.referenceNumber,
      passwordChanged: true,
      passwordLoginEnabled: true,
      revokedPasskeys: 2,
    });
  });
});

describe('RT-46 the password kind, step by step with an injected clock', () => {
  it('RT-46 resume with a wrong 受付番号 answers exactly like an unknown login ID', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    const ip = ctxFor().ip;
    const at = f.later!.now!;
    const wrongRef = f.referenceNumber!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const a = await resumeFlow(db, { loginId: c.loginId, referenceNumber: wrongRef }, ctxFor(ip, { now: at }));
    const b = await resumeFlow(
      db,
      { loginId: `nobody-${c.loginId}`, referenceNumber: f.referenceNumber! },
      ctxFor(ip, { now: at }),
    );
    const other = await createPinCustomer(db);
    const d = await resumeFlow(
      db,
      { loginId: other.loginId, referenceNumber: f.referenceNumber! },
      ctxFor(ip, { now: at }),
    );
    for (const r of [a, b, d])
      expect(r).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 9 } });
    // Through the API: same status and body.
    const r1 = await callRoute(resumeRoute.POST, {
      path: '/api/v1/recovery/resume',
      ip: ctxFor().ip,
      body: { loginId: c.loginId, referenceNumber: wrongRef },
    });
    const r2 = await callRoute(resumeRoute.POST, {
      path: '/api/v1/recovery/resume',
      ip: ctxFor().ip,
      body: { loginId: `nobody-${c.loginId}`, referenceNumber: wrongRef },
    });
    expect(r1.status).toBe(401);
    expect(r2.status).toBe(r1.status);
    expect({ ...r2.body.error, attemptsLeft: 0 }).toEqual({ ...r1.body.error, attemptsLeft: 0 });
    expect((await flowRow(db, f.token)).step).toBe('waiting');
  });

  it('RT-46 resume is limited per login ID (10 an hour) and per IP, before anything is looked up', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    const at = f.later!.now!;
    for (let i = 0; i < 10; i++)
      await resumeFlow(
        db,
        { loginId: c.loginId, referenceNumber: 'R-20260101-AAAAAA' },
        ctxFor(undefined, { now: at }),
      );
    const right = await resumeFlow(
      db,
      { loginId: c.loginId, referenceNumber: f.referenceNumber! },
      ctxFor(undefined, { now: at }),
    );
    expect(right).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'login_id' } });
    const ip = ctxFor().ip;
    for (let i = 0; i < 30; i++)
      await resumeFlow(
        db,
        { loginId: `x${i}-${c.loginId}`, referenceNumber: 'R-20260101-AAAAAA' },
        ctxFor(ip, { now: at }),
      );
    expect(
      await resumeFlow(
        db,
        { loginId: `y-${c.loginId}`, referenceNumber: 'R-20260101-AAAAAA' },
        ctxFor(ip, { now: at }),
      ),
    ).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'ip' } });
  });

  it('RT-46 a not-me lock during the wait cancels the waiting flow; resume then fails like a wrong pair', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    const notice = await lastMail(c.email, 'password_reset_waiting');
    const lockCode = /ロックコード：([A-Z0-9]{8})/.exec(notice)![1];
    expect(await reportNotMe(db, { loginId: c.loginId, lockCode }, ctxFor())).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect((await flowRow(db, f.token)).step).toBe('cancelled');
    const r = await resumeFlow(db, { loginId: c.loginId, referenceNumber: f.referenceNumber! }, f.later!);
    expect(r).toMatchObject({ ok: false, error: { code: 'verification_failed' } });
  });

  it('a staff unlock cancels a waiting flow', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    await db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
      .where(eq(customers.id, c.id));
    expect(await unlockRecovery(db, c.id, { type: 'staff', id: null }, { ip: '127.0.0.1' })).toEqual({
      unlocked: true,
    });
    expect((await flowRow(db, f.token)).step).toBe('cancelled');
    expect(await auditCount(db, 'recovery.waiting_cancelled', { customerId: c.id })).toBe(1);
  });

  it('a completed passkey recovery cancels a waiting flow', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    const p = await flowAt(db, c, 'review');
    expect(await completeFlow(db, p.token, p.ctx)).toMatchObject({ ok: true });
    expect((await flowRow(db, f.token)).step).toBe('cancelled');
    expect(await resumeFlow(db, { loginId: c.loginId, referenceNumber: f.referenceNumber! }, f.later!)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed' },
    });
  });

  it('a waiting flow expires 72 hours after its wait ended', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    const gone = { ...f.ctx, now: new Date(f.resumeAt!.getTime() + 72 * 3600_000) };
    expect(await resumeFlow(db, { loginId: c.loginId, referenceNumber: f.referenceNumber! }, gone)).toMatchObject({
      ok: false,
      error: { code: 'flow_expired' },
    });
    expect((await flowRow(db, f.token)).step).toBe('expired');
  });

  it('RT-46 16 concurrent completes → one commit, one reference (the waiting one), one email; password changed, passkeys revoked, sessions ended, throttle cleared', async () => {
    const c = await createPinCustomer(db);
    const sid = await startSession(db, 'customer', c.id);
    // A login attempt counted against the login ID (lib/auth/login-throttle.ts counts it when claimed).
    await claimLoginAttempt(db, 'customer', c.loginId);
    const f = await passwordFlowAt(db, c, 'review');
    expect(await describeFlow(db, f.token, { locale: 'ja', now: f.later!.now })).toMatchObject({
      step: 'review',
      passwordChange: true,
      kind: 'password',
    });
    const results = await Promise.all(Array.from({ length: 16 }, () => completeFlow(db, f.token, f.later!)));
    expect(results.every((r) => r.ok)).toBe(true);
    const refs = new Set(results.map((r) => (r.ok ? r.value.referenceNumber : '')));
    expect([...refs]).toEqual([f.referenceNumber]);
    expect(results[0]).toMatchObject({ ok: true, value: { passwordChanged: true, revokedPasskeys: 2 } });
    expect(await auditCount(db, 'recovery.completed', { flowId: f.flowId })).toBe(1);
    expect(await outboxCount(db, c.email, 'password_reset_completed')).toBe(1);
    expect(await activePasskeys(db, c.id)).toHaveLength(0);
    const [acct] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(acct.passwordLoginEnabled).toBe(true);
    expect(await verifySecret(acct.passwordHash, STRONG_PASSWORD)).toBe(true);
    expect(await verifySecret(acct.passwordHash, c.password)).toBe(false);
    const live = await db
      .select()
      .from(authSessions)
      .where(and(eq(authSessions.subjectId, c.id), isNull(authSessions.endedAt)));
    expect(live).toHaveLength(0);
    expect(sid).toBeTruthy();
    const throttle = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from login_throttle where key = ${throttleKey('customer', c.loginId)} and failures > 0`,
    );
    expect(Number(throttle[0].n)).toBe(0);
    const row = await flowRow(db, f.token);
    expect(row).toMatchObject({ step: 'done', newPasswordHash: null });
  });
});

describe('the PIN step counts like the password step (docs/design.md#security-rules)', () => {
  it('an unknown login ID, a wrong PIN, an account with no PIN: the same answer and one argon2 verify each', async () => {
    const c = await createPinCustomer(db);
    const noPin = await createCustomer(db);
    const answers = [];
    for (const input of [
      { loginId: `nobody-${c.loginId}`, tradingPin: '1111' },
      { loginId: c.loginId, tradingPin: '1111' },
      { loginId: noPin.loginId, tradingPin: '1111' },
    ]) {
      const ctx = ctxFor();
      const s = await startFlow(db, ctx, { kind: 'password' });
      const token = s.ok ? s.value.flowToken : '';
      const before = hashStats.verifies;
      answers.push(await submitCredentialsPin(db, token, input, ctx));
      expect(hashStats.verifies - before).toBe(1);
    }
    expect(answers).toEqual(Array(3).fill({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } }));
  });

  it('the 5th failure locks the flow; a locked account is revealed only after the right PIN', async () => {
    const c = await createPinCustomer(db);
    const ctx = ctxFor();
    const s = await startFlow(db, ctx, { kind: 'password' });
    const token = s.ok ? s.value.flowToken : '';
    for (let i = 0; i < 4; i++)
      expect(await submitCredentialsPin(db, token, { loginId: c.loginId, tradingPin: '0000' }, ctx)).toMatchObject({
        ok: false,
        error: { code: 'verification_failed' },
      });
    expect(await submitCredentialsPin(db, token, { loginId: c.loginId, tradingPin: '0000' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect((await flowRow(db, token)).step).toBe('locked');

    const locked = await createPinCustomer(db);
    await db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
      .where(eq(customers.id, locked.id));
    const ctx2 = ctxFor();
    const s2 = await startFlow(db, ctx2, { kind: 'password' });
    const t2 = s2.ok ? s2.value.flowToken : '';
    expect(await submitCredentialsPin(db, t2, { loginId: locked.loginId, tradingPin: '0000' }, ctx2)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed' },
    });
    expect(await submitCredentialsPin(db, t2, { loginId: locked.loginId, tradingPin: locked.pin }, ctx2)).toMatchObject(
      { ok: false, error: { code: 'locked' } },
    );
  });

  it('10 failed PINs over several flows lock recovery for the account (24 h) and email it', async () => {
    const c = await createPinCustomer(db);
    for (let f = 0; f < 3; f++) {
      const ctx = ctxFor();
      const s = await startFlow(db, ctx, { kind: 'password' });
      const token = s.ok ? s.value.flowToken : '';
      for (let i = 0; i < 4; i++)
        await submitCredentialsPin(db, token, { loginId: c.loginId, tradingPin: '0000' }, ctx);
    }
    const [acct] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(acct.recoveryLockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBe(1);
  });

  it('a passkey flow refuses the PIN step and a password flow the password step (wrong_step, audited)', async () => {
    const c = await createPinCustomer(db);
    const ctx = ctxFor();
    const p = await startFlow(db, ctx);
    const w = await startFlow(db, ctx, { kind: 'password' });
    expect(
      await submitCredentialsPin(db, p.ok ? p.value.flowToken : '', { loginId: c.loginId, tradingPin: c.pin }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'wrong_step', step: 'credentials' } });
    expect(
      await submitCredentials(db, w.ok ? w.value.flowToken : '', { loginId: c.loginId, password: c.password }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'wrong_step', step: 'credentials_pin' } });
  });

  it('completion refuses a password flow that skipped the wait (factors checked in the guarded UPDATE)', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    // Forge the step: a flow pushed to review without resume, second code or new password.
    await db.update(recoveryFlows).set({ step: 'review' }).where(eq(recoveryFlows.id, f.flowId));
    expect(await completeFlow(db, f.token, f.ctx)).toMatchObject({ ok: false, error: { code: 'wrong_step' } });
    expect(await activePasskeys(db, c.id)).toHaveLength(2);
  });

  it('waiting: a resend, a cancel by the app and an unknown token are refused or handled as on any step', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'waiting');
    expect(await resendOtp(db, f.token, f.ctx)).toMatchObject({
      ok: false,
      error: { code: 'wrong_step', step: 'waiting' },
    });
    expect(await cancelFlow(db, f.token, f.ctx)).toEqual({ ok: true, value: { step: 'cancelled' } });
  });
});
