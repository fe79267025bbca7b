import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { customers, passkeys } from '../../db/schema';
import { createTestDatabase, snapshot, changedTables, type TestDatabase } from '../support/db';
import { callRoute, createCustomer, flowRow, freshIp, latestOtp, outboxCount } from '../support/recovery-helpers';
import { seedDemo, DEMO_PASSWORD } from '../../db/seed/demo';
import { passwordLogin } from '../../lib/auth/customer-login';
import { resetEnvCache } from '../../lib/config/env';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flow from '../../app/api/v1/recovery/flow/route';
import * as credentials from '../../app/api/v1/recovery/flow/credentials/route';
import * as secretQuestion from '../../app/api/v1/recovery/flow/secret-question/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as resend from '../../app/api/v1/recovery/flow/otp/resend/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';
import * as mailbox from '../../app/api/v1/dev/mailbox/route';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

async function start(ip: string) {
  const res = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
  expect(res.status).toBe(201);
  return res.body.flowToken as string;
}

describe('JSON API (docs/design.md#api): the seeded demo-locked customer recovers through the app alone', () => {
  it('walks every step, reads the code from the outbox, and can then log in with ID and password', async () => {
    await seedDemo(tdb.db);
    const ip = freshIp();
    const [before] = await tdb.db.select().from(customers).where(eq(customers.loginId, 'demo-locked'));
    expect(before.passwordLoginEnabled).toBe(false);
    expect(
      await passwordLogin(tdb.db, { loginId: 'demo-locked', password: DEMO_PASSWORD }, { ip, channel: 'app' }),
    ).toEqual({ ok: false, code: 'passkey_required' });

    const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
    expect(started.status).toBe(201);
    expect(started.body).toEqual({
      flowToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      step: 'credentials',
      expiresAt: expect.any(String),
    });
    expect(Object.keys(started.body).sort()).toEqual(['expiresAt', 'flowToken', 'step']);
    const token = started.body.flowToken as string;
    expect((await flowRow(tdb.db, token)).tokenHash).not.toContain(token);

    const g0 = await callRoute(flow.GET, { method: 'GET', path: '/api/v1/recovery/flow', token, ip });
    expect(g0.body).toMatchObject({ step: 'credentials', attemptsLeft: 5 });

    const s1 = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: 'ＤＥＭＯ－ＬＯＣＫＥＤ', password: DEMO_PASSWORD },
    });
    expect(s1.status).toBe(200);
    expect(s1.body).toMatchObject({ step: 'secret_question', question: '初めて飼ったペットの名前は？' });

    const s2 = await callRoute(secretQuestion.POST, {
      path: '/api/v1/recovery/flow/secret-question',
      token,
      ip,
      body: { answer: ' ﾎﾟﾁ ' },
    });
    expect(s2.status).toBe(200);
    expect(s2.body.step).toBe('account_data');

    const s3 = await callRoute(accountData.POST, {
      path: '/api/v1/recovery/flow/account-data',
      token,
      ip,
      body: { birthDate: '1985-04-12', branchCode: '101', accountNumber: '1234567' },
    });
    expect(s3.status).toBe(200);
    expect(s3.body).toMatchObject({ step: 'otp', maskedEmail: 'l***@example.jp', otp: { sendsLeft: 2, triesLeft: 3 } });

    const code = await latestOtp(tdb.db, 'locked@example.jp');
    const s4 = await callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token, ip, body: { code } });
    expect(s4.status).toBe(200);
    expect(s4.body.step).toBe('review');
    const keys = s4.body.passkeys as Array<Record<string, unknown>>;
    expect(keys).toHaveLength(2);
    expect(keys.map((k) => k.authenticator).sort()).toEqual(['Google パスワード マネージャー', 'iCloud キーチェーン']);

    const done = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token,
      ip,
      body: { confirm: true },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      referenceNumber: expect.stringMatching(/^R-\d{8}-[A-Z0-9]{6}$/),
      revokedPasskeys: 2,
      passwordLoginEnabled: true,
    });

    const active = await tdb.db
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.customerId, before.id), isNull(passkeys.revokedAt)));
    expect(active).toHaveLength(0);
    const revoked = await tdb.db.select().from(passkeys).where(eq(passkeys.customerId, before.id));
    const f = await flowRow(tdb.db, token);
    expect(revoked.map((p) => [p.revokedBy, p.revokedReason])).toEqual(
      revoked.map(() => [`recovery:${f.id}`, 'customer_recovery']),
    );
    expect(
      await passwordLogin(tdb.db, { loginId: 'demo-locked', password: DEMO_PASSWORD }, { ip, channel: 'app' }),
    ).toMatchObject({ ok: true });
    expect(await outboxCount(tdb.db, 'locked@example.jp', 'recovery_completed')).toBe(1);

    const after = await callRoute(flow.GET, { method: 'GET', path: '/api/v1/recovery/flow', token, ip });
    expect(after.body).toEqual({
      step: 'done',
      result: expect.objectContaining({ referenceNumber: done.body.referenceNumber, revokedPasskeys: 2 }),
    });
  });
});

describe('every error code of the API (docs/design.md#api) has its status and body', () => {
  it('400 invalid_input with per-field codes, for bad JSON and for bad fields — never a 500', async () => {
    const ip = freshIp();
    const token = await start(ip);
    const bad = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      rawBody: '{"loginId":',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_input', message: expect.any(String), fields: { _: 'json' } });
    const missing = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: 'x', password: 42 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'invalid_input', fields: { password: 'required' } });
    const fmt = await callRoute(accountData.POST, {
      path: '/api/v1/recovery/flow/account-data',
      token,
      ip,
      body: { birthDate: '1985-02-30', branchCode: '12', accountNumber: 'abcdefg' },
    });
    expect(fmt.status).toBe(400);
    expect(fmt.body.error).toMatchObject({
      code: 'invalid_input',
      fields: { birthDate: 'format', branchCode: 'format', accountNumber: 'format' },
    });
    const long = await callRoute(secretQuestion.POST, {
      path: '/api/v1/recovery/flow/secret-question',
      token,
      ip,
      body: { answer: 'ぽ'.repeat(1_000) },
    });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'invalid_input', fields: { answer: 'too_long' } });
    // A body over 16 KiB is not read at all (RT-40).
    const huge = await callRoute(secretQuestion.POST, {
      path: '/api/v1/recovery/flow/secret-question',
      token,
      ip,
      body: { answer: 'ぽ'.repeat(100_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'payload_too_large' });
    const array = await callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token, ip, body: [1, 2] });
    expect(array.status).toBe(400);
    const noConfirm = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token,
      ip,
      body: { confirm: 'yes' },
    });
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.body.error).toMatchObject({ code: 'invalid_input', fields: { confirm: expect.any(String) } });
    // None of these counted as a verification failure.
    expect((await flowRow(tdb.db, token)).failedAttempts).toBe(0);
  });

  it('401 verification_failed carries attemptsLeft, counting down by one per failed submission', async () => {
    const c = await createCustomer(tdb.db);
    const ip = freshIp();
    const token = await start(ip);
    for (const left of [4, 3]) {
      const r = await callRoute(credentials.POST, {
        path: '/api/v1/recovery/flow/credentials',
        token,
        ip,
        body: { loginId: c.loginId, password: 'wrong' },
      });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({
        error: { code: 'verification_failed', message: expect.any(String), attemptsLeft: left },
      });
    }
  });

  it('409 wrong_step names the current step when a step is skipped', async () => {
    const ip = freshIp();
    const token = await start(ip);
    const r = await callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token, ip, body: { code: '123456' } });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'wrong_step', step: 'credentials' });
    const c = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token,
      ip,
      body: { confirm: true },
    });
    expect(c.status).toBe(409);
    expect(c.body.error).toMatchObject({ code: 'wrong_step', step: 'credentials' });
  });

  it('410 flow_expired after 15 minutes, and for an unknown or missing token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(tdb.db);
    const ip = freshIp();
    const token = await start(ip);
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000);
    const r = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: c.loginId, password: c.password },
    });
    expect(r.status).toBe(410);
    expect(r.body.error).toMatchObject({ code: 'flow_expired' });
    expect((await flowRow(tdb.db, token)).step).toBe('expired');
    const unknown = await callRoute(flow.GET, {
      method: 'GET',
      path: '/api/v1/recovery/flow',
      token: 'A'.repeat(43),
      ip,
    });
    expect(unknown.status).toBe(410);
    const none = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      ip,
      body: { loginId: 'x', password: 'y' },
    });
    expect(none.status).toBe(410);
  });

  it('423 locked with the support phone number once the flow has failed 5 times', async () => {
    const c = await createCustomer(tdb.db);
    const ip = freshIp();
    const token = await start(ip);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof callRoute>> | undefined;
    for (let i = 0; i < 6; i++) {
      last = await callRoute(credentials.POST, {
        path: '/api/v1/recovery/flow/credentials',
        token,
        ip,
        body: { loginId: c.loginId, password: `wrong-${i}` },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423]);
    expect(last!.body.error).toMatchObject({
      code: 'locked',
      supportPhone: '0120-000-000',
      message: expect.any(String),
    });
    // Even the right password is refused now.
    const right = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: c.loginId, password: c.password },
    });
    expect(right.status).toBe(423);
  });

  it('429 rate_limited with retryAfter and a Retry-After header after 20 new flows from one IP in an hour', async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) await start(ip);
    const before = await snapshot(tdb.db, ['recovery_flows']);
    const r = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ code: 'rate_limited', retryAfter: expect.any(Number) });
    expect(r.headers.get('retry-after')).toBe(String(r.body.error!.retryAfter));
    expect(changedTables(before, await snapshot(tdb.db, ['recovery_flows']))).toEqual([]);
    // Another address is not affected.
    await start(freshIp());
  });

  it('429 for the 101st verification attempt from one IP in an hour, before any hash is computed', async () => {
    const { hashStats } = await import('../../lib/auth/password');
    const ip = freshIp();
    const token = await start(ip);
    for (let i = 0; i < 100; i++) {
      const r = await callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token, ip, body: { code: '000000' } });
      expect(r.status).toBe(409);
    }
    const verifies = hashStats.verifies;
    const r = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: 'x', password: 'y' },
    });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(hashStats.verifies).toBe(verifies);
  });

  it('resend: 429 when asked again within 60 s, and after the 3rd send', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(tdb.db);
    const ip = freshIp();
    const token = await start(ip);
    await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token,
      ip,
      body: { loginId: c.loginId, password: c.password },
    });
    await callRoute(secretQuestion.POST, {
      path: '/api/v1/recovery/flow/secret-question',
      token,
      ip,
      body: { answer: c.answer },
    });
    await callRoute(accountData.POST, {
      path: '/api/v1/recovery/flow/account-data',
      token,
      ip,
      body: { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
    });
    const soon = await callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip });
    expect(soon.status).toBe(429);
    expect(soon.body.error).toMatchObject({ code: 'rate_limited', reason: 'otp_resend_interval' });
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(50);
    vi.setSystemTime(Date.now() + 61_000);
    expect((await callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip })).status).toBe(200);
    vi.setSystemTime(Date.now() + 61_000);
    const third = await callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip });
    expect(third.status).toBe(200);
    expect(third.body).toMatchObject({ step: 'otp', otp: { sendsLeft: 0, resendAvailableAt: null } });
    vi.setSystemTime(Date.now() + 61_000);
    const fourth = await callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error).toMatchObject({ code: 'rate_limited', reason: 'otp_send_limit' });
    expect(await outboxCount(tdb.db, c.email, 'recovery_otp')).toBe(3);
  });

  it('answers in English when the app asks for it', async () => {
    const ip = freshIp();
    const r = await callRoute(otp.POST, {
      path: '/api/v1/recovery/flow/otp',
      token: 'x',
      ip,
      body: { code: '12' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error!.message).toBe('Please check what you entered.');
  });
});

describe('demo mailbox (docs/design.md#demo-mode)', () => {
  it('answers 404 unless DEMO_MODE=1, then lists messages newest first filtered by address', async () => {
    const prev = process.env.DEMO_MODE;
    try {
      delete process.env.DEMO_MODE;
      resetEnvCache();
      const off = await callRoute(mailbox.GET, { method: 'GET', path: '/api/v1/dev/mailbox?to=locked@example.jp' });
      expect(off.status).toBe(404);
      process.env.DEMO_MODE = '1';
      resetEnvCache();
      const on = await callRoute(mailbox.GET, { method: 'GET', path: '/api/v1/dev/mailbox?to=locked@example.jp' });
      expect(on.status).toBe(200);
      const messages = on.body.messages as Array<{ to: string; subject: string; body: string; createdAt: string }>;
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => m.to === 'locked@example.jp')).toBe(true);
      expect(Object.keys(messages[0]).sort()).toEqual(['body', 'createdAt', 'subject', 'to']);
      const times = messages.map((m) => Date.parse(m.createdAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // An address no mail could go to is a clear 400, not a database error.
      for (const to of ['%00', 'a%0Ab@example.jp', 'x'.repeat(300)]) {
        const bad = await callRoute(mailbox.GET, { method: 'GET', path: `/api/v1/dev/mailbox?to=${to}` });
        expect(bad.status).toBe(400);
        expect(bad.body).toMatchObject({ error: { code: 'invalid_input' } });
      }
    } finally {
      if (prev === undefined) delete process.env.DEMO_MODE;
      else process.env.DEMO_MODE = prev;
      resetEnvCache();
    }
  });
});
