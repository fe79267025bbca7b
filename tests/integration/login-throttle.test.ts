import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { customers, notificationOutbox, staffUsers } from '@/db/schema';
import { queryRows } from '@/db/client';
import { DEMO_PASSWORD, STAFF_PASSWORD } from '@/db/seed/demo';
import { hashSecret, hashStats } from '@/lib/auth/password';
import { passwordLogin } from '@/lib/auth/customer-login';
import { claimLoginAttempt, loginSuspendedAt, throttleKey } from '@/lib/auth/login-throttle';
import { staffLoginResult } from '@/lib/staff/auth';
import { unlockCustomerRecovery } from '@/lib/staff/forced-reset';
import { setStaffDisabled } from '@/lib/staff/users';
import { getCustomerView } from '@/lib/staff/customers';
import { revokePasskeysAndEnablePassword } from '@/lib/recovery/reset';
import { noticeLockCode } from '@/lib/recovery/lock-code';
import { resetEnvCache } from '@/lib/config/env';
import { loginMessages } from '@/lib/i18n/messages/login';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { seedStaffCast, type StaffCast } from '../support/staff-fixtures';
import { newVisitor, scope } from '../support/request-scope';
import { socketHeaders } from '../support/socket';

vi.mock('next/headers', () => import('../support/request-scope'));

const { POST } = await import('@/app/api/v1/session/password/route');
const { passwordLoginAction } = await import('@/app/login/actions');
const { idle } = await import('@/lib/forms/action-state');
const { staffLoginAction } = await import('@/app/staff/login/actions');

let t: TestDatabase;
let cast: StaffCast;
let passwordHash: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const { setDbForTests } = await import('@/db/client');
  setDbForTests(t);
  cast = await seedStaffCast(t.db);
  passwordHash = await hashSecret(DEMO_PASSWORD);
});
afterAll(async () => {
  await t?.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

let seq = 0;
/** A customer of its own for each test (password login on, no passkey), so no test sees another's count. */
async function makeCustomer(): Promise<{ id: string; loginId: string; email: string }> {
  seq++;
  const loginId = `throttle-${seq}-${Date.now().toString(36)}`;
  const email = `${loginId}@example.jp`;
  const [row] = await t.db
    .insert(customers)
    .values({
      loginId,
      passwordHash,
      passwordLoginEnabled: true,
      nameKanji: '試験 太郎',
      nameKana: 'シケン タロウ',
      birthDate: '1980-01-01',
      branchCode: '201',
      accountNumber: String(2000000 + seq),
      email,
      phone: '090-0000-0000',
      secretQuestion: '初めて飼ったペットの名前は？',
      secretAnswerHash: passwordHash,
    })
    .returning({ id: customers.id });
  return { id: row.id, loginId, email };
}

let ipSeq = 0;
/** Every request from another address: the per-IP limit never helps. */
function nextIp(): string {
  ipSeq++;
  return `198.51.${Math.floor(ipSeq / 250) % 250}.${(ipSeq % 250) + 1}`;
}

function api(loginId: string, password: string) {
  return POST(
    new Request('http://localhost/api/v1/session/password', {
      method: 'POST',
      body: JSON.stringify({ loginId, password }),
      headers: { 'content-type': 'application/json', ...socketHeaders(nextIp()) },
    }),
  );
}

async function web(loginId: string, password: string) {
  newVisitor(nextIp());
  scope.headers.set('host', 'localhost:3000');
  const form = new FormData();
  form.set('loginId', loginId);
  form.set('password', password);
  try {
    const r = await passwordLoginAction(idle, form);
    return r.ok ? { code: 'ok' as const } : { code: r.formError, retryAfterSeconds: r.retryAfterSeconds };
  } catch (e) {
    if (String((e as { digest?: string }).digest ?? '').startsWith('NEXT_REDIRECT'))
      return { code: 'signed_in' as const };
    throw e;
  }
}

async function failures(loginId: string): Promise<number> {
  const [row] = await queryRows<{ failures: number }>(
    t.db,
    sql`select failures from login_throttle where key = ${throttleKey('customer', loginId)}`,
  );
  return row ? Number(row.failures) : 0;
}

/** Freezes `Date` (only Date: the drivers' timers keep running) and returns a way to move it on. */
function frozenClock(start = new Date('2026-11-30T00:00:00Z')) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
  return { advance: (seconds: number) => vi.setSystemTime(new Date(Date.now() + seconds * 1000)) };
}

describe('RT-36 password guessing for one login ID from rotating IPs', () => {
  it('JSON API: 429 with Retry-After from the 6th consecutive failure, the right password included, no hash computed', async () => {
    frozenClock();
    const c = await makeCustomer();
    for (let i = 0; i < 5; i++) expect((await api(c.loginId, `wrong-${i}`)).status).toBe(401);
    const before = hashStats.verifies;
    const right = await api(c.loginId, DEMO_PASSWORD);
    expect(hashStats.verifies).toBe(before);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toBe('1');
    expect(await right.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String), retryAfter: 1 } });
    expect((await api(c.loginId, 'wrong-again')).status).toBe(429);
    expect(await failures(c.loginId)).toBe(5); // refused attempts are not failures
  });

  it('web form: the same limit, a polite message with the wait', async () => {
    frozenClock();
    const c = await makeCustomer();
    for (let i = 0; i < 5; i++) expect((await web(c.loginId, `wrong-${i}`)).code).toBe('invalid_credentials');
    const before = hashStats.verifies;
    expect(await web(c.loginId, DEMO_PASSWORD)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(hashStats.verifies).toBe(before);
    // What the form shows for it, in both languages.
    expect(loginMessages.ja.rateLimitedWait(1)).toContain('1秒ほど待ってから');
    expect(loginMessages.ja.rateLimitedWait(900)).toContain('15分ほど待ってから');
    expect(loginMessages.en.rateLimitedWait(61)).toContain('about 2 minutes');
  });

  it('the web form and the JSON API share one count', async () => {
    frozenClock();
    const c = await makeCustomer();
    for (let i = 0; i < 3; i++) expect((await web(c.loginId, `wrong-${i}`)).code).toBe('invalid_credentials');
    for (let i = 0; i < 2; i++) expect((await api(c.loginId, `wrong-${i}`)).status).toBe(401);
    expect((await api(c.loginId, DEMO_PASSWORD)).status).toBe(429);
    expect((await web(c.loginId, DEMO_PASSWORD)).code).toBe('rate_limited');
  });

  it('other spellings of the same login ID (upper case, full width, spaces) share one count', async () => {
    frozenClock();
    const c = await makeCustomer();
    const fullWidth = c.loginId.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    const spellings = [c.loginId.toUpperCase(), fullWidth, `  ${c.loginId}\t`, fullWidth.toUpperCase(), c.loginId];
    for (const s of spellings) expect((await api(s, 'wrong')).status).toBe(401);
    for (const s of spellings) expect((await api(s, DEMO_PASSWORD)).status).toBe(429);
    expect(await failures(c.loginId)).toBe(5);
  });

  it('an unknown login ID behaves exactly like a known one: statuses, bodies, headers, one verify per checked attempt', async () => {
    frozenClock();
    const c = await makeCustomer();
    const unknown = `no-such-${c.loginId}`;
    const trace = async (loginId: string) => {
      const out: { status: number; body: string; headers: string[]; retryAfter: string | null; verifies: number }[] =
        [];
      for (let i = 0; i < 7; i++) {
        const before = hashStats.verifies;
        const res = await api(loginId, i === 6 ? DEMO_PASSWORD : `wrong-${i}`);
        out.push({
          status: res.status,
          body: await res.text(),
          headers: [...res.headers.keys()].sort(),
          retryAfter: res.headers.get('retry-after'),
          verifies: hashStats.verifies - before,
        });
      }
      return out;
    };
    const known = await trace(c.loginId);
    const other = await trace(unknown);
    expect(other).toEqual(known);
    expect(known.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(known.map((r) => r.verifies)).toEqual([1, 1, 1, 1, 1, 0, 0]);
  });

  it('each further attempt waits twice as long, up to the cap; the wait is measured from the last counted attempt', async () => {
    const c = await makeCustomer();
    let now = new Date('2026-11-30T01:00:00Z');
    const ctx = () => ({ ip: nextIp(), channel: 'app' as const, now });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++)
      expect(await passwordLogin(t.db, { loginId: c.loginId, password: 'wrong' }, ctx())).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
    for (let n = 5; n < 16; n++) {
      const refused = await passwordLogin(t.db, { loginId: c.loginId, password: DEMO_PASSWORD }, ctx());
      expect(refused.ok).toBe(false);
      const wait = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
      waits.push(wait);
      // One second early: still refused.
      now = new Date(now.getTime() + (wait - 1) * 1000);
      if (wait > 1)
        expect(await passwordLogin(t.db, { loginId: c.loginId, password: DEMO_PASSWORD }, ctx())).toMatchObject({
          code: 'rate_limited',
          retryAfterSeconds: 1,
        });
      now = new Date(now.getTime() + 1000);
      expect(await passwordLogin(t.db, { loginId: c.loginId, password: 'wrong' }, ctx())).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]);
  });

  it('a success resets the count', async () => {
    const clock = frozenClock();
    const c = await makeCustomer();
    for (let i = 0; i < 5; i++) expect((await api(c.loginId, 'wrong')).status).toBe(401);
    expect((await api(c.loginId, DEMO_PASSWORD)).status).toBe(429);
    clock.advance(1);
    expect((await api(c.loginId, DEMO_PASSWORD)).status).toBe(200);
    expect(await failures(c.loginId)).toBe(0);
    for (let i = 0; i < 5; i++) expect((await api(c.loginId, 'wrong')).status).toBe(401);
    expect((await api(c.loginId, 'wrong')).status).toBe(429);
  });

  it('20 parallel wrong attempts: exactly 5 are checked, 15 refused, 5 failures recorded', async () => {
    const c = await makeCustomer();
    const before = hashStats.verifies;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api(c.loginId, `wrong-${i}`).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    expect(hashStats.verifies - before).toBe(5);
    expect(await failures(c.loginId)).toBe(5);
  });

  it('suspended at 100 consecutive failures: exactly one link-free email with a lock code; the right password refused after it', async () => {
    const c = await makeCustomer();
    const accountCode = await noticeLockCode(t.db, c.id); // the code its earlier notices carried
    let now = new Date('2026-11-30T02:00:00Z');
    const ctx = () => ({ ip: nextIp(), channel: 'app' as const, now });
    for (let i = 0; i < 100; i++) {
      expect(await passwordLogin(t.db, { loginId: c.loginId, password: `wrong-${i}` }, ctx())).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
      now = new Date(now.getTime() + 900_000);
    }
    expect(await loginSuspendedAt(t.db, 'customer', c.loginId)).not.toBeNull();
    for (let i = 0; i < 3; i++) {
      const before = hashStats.verifies;
      expect(
        await passwordLogin(t.db, { loginId: c.loginId, password: i === 0 ? DEMO_PASSWORD : 'wrong' }, ctx()),
      ).toEqual({ ok: false, code: 'login_suspended' });
      expect(hashStats.verifies).toBe(before);
      now = new Date(now.getTime() + 3600_000);
    }
    const mails = await t.db
      .select()
      .from(notificationOutbox)
      .where(
        and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'password_login_suspended')),
      );
    expect(mails).toHaveLength(1);
    expect(mails[0].bodyText).toContain(`ロックコード：${accountCode}`);
    expect(mails[0].bodyText).not.toMatch(/https?:|www\./i);
    expect(mails[0].bodyText).toContain('100');

    // The JSON API says so (the same for an unknown ID brought to 100).
    const res = await api(c.loginId, DEMO_PASSWORD);
    expect(res.status).toBe(423);
    expect((await res.json()).error.code).toBe('login_suspended');
  });

  it('an unknown ID brought to 100 failures is suspended the same way, with no email', async () => {
    const loginId = `nobody-${Date.now().toString(36)}`;
    const outboxBefore = (await t.db.select().from(notificationOutbox)).length;
    let now = new Date('2026-11-30T03:00:00Z');
    for (let i = 0; i < 100; i++) {
      expect(await passwordLogin(t.db, { loginId, password: 'wrong' }, { ip: nextIp(), channel: 'app', now })).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
      now = new Date(now.getTime() + 900_000);
    }
    expect(await passwordLogin(t.db, { loginId, password: 'wrong' }, { ip: nextIp(), channel: 'app', now })).toEqual({
      ok: false,
      code: 'login_suspended',
    });
    expect((await t.db.select().from(notificationOutbox)).length).toBe(outboxBefore);
  });

  it('a completed recovery (or staff forced reset) lifts the suspension', async () => {
    const c = await makeCustomer();
    await suspend('customer', c.loginId);
    expect(
      await passwordLogin(t.db, { loginId: c.loginId, password: DEMO_PASSWORD }, { ip: nextIp(), channel: 'app' }),
    ).toEqual({ ok: false, code: 'login_suspended' });
    await t.db.transaction(async (tx) => {
      await revokePasskeysAndEnablePassword(tx, {
        customerId: c.id,
        revokedBy: 'recovery:test',
        reason: 'customer_recovery',
        referenceNumber: 'R-20261130-TEST01',
        actor: { type: 'customer', id: c.id },
        lockCode: 'ABCD2345',
        lockCodeHash: passwordHash,
        now: new Date(),
      });
    });
    expect(await loginSuspendedAt(t.db, 'customer', c.loginId)).toBeNull();
    expect(
      await passwordLogin(t.db, { loginId: c.loginId, password: DEMO_PASSWORD }, { ip: nextIp(), channel: 'app' }),
    ).toEqual({ ok: true, customerId: c.id });
  });

  it('the staff unlock lifts the suspension (an operator, with a reason)', async () => {
    const c = await makeCustomer();
    await suspend('customer', c.loginId);
    const view = await getCustomerView(t.db, cast.viewer, { customerId: c.id }, { locale: 'ja' });
    expect(view.ok && view.data.passwordLoginSuspendedAt).toBeInstanceOf(Date);
    const res = await unlockCustomerRecovery(t.db, cast.operator, { customerId: c.id, reason: 'お電話で本人確認済み' });
    expect(res.ok).toBe(true);
    expect(await loginSuspendedAt(t.db, 'customer', c.loginId)).toBeNull();
    expect(
      await passwordLogin(t.db, { loginId: c.loginId, password: DEMO_PASSWORD }, { ip: nextIp(), channel: 'app' }),
    ).toEqual({ ok: true, customerId: c.id });
    // A viewer cannot.
    await suspend('customer', c.loginId);
    expect((await unlockCustomerRecovery(t.db, cast.viewer, { customerId: c.id, reason: 'x' })).ok).toBe(false);
    expect(await loginSuspendedAt(t.db, 'customer', c.loginId)).not.toBeNull();
  });
});

/** Drives an ID to suspension through the throttle itself (100 counted failures, time moving on). */
async function suspend(kind: 'customer' | 'staff', loginId: string) {
  let now = new Date('2026-11-30T04:00:00Z');
  for (let i = 0; i < 100; i++) {
    const claim = await claimLoginAttempt(t.db, kind, loginId, now);
    expect(claim.allowed).toBe(true);
    now = new Date(now.getTime() + 900_000);
  }
  await t.db.execute(sql`update login_throttle set suspended_at = now() where key = ${throttleKey(kind, loginId)}`);
}

describe('RT-36 staff sign-in: the same throttle with the staff kind', () => {
  it('429-equivalent from the 6th consecutive failure, the right password included, from rotating IPs', async () => {
    frozenClock();
    const [s] = await t.db.select().from(staffUsers).where(eq(staffUsers.email, 'operator2@example.jp'));
    for (let i = 0; i < 5; i++)
      expect(await staffLoginResult(t.db, { email: s.email, password: 'wrong' }, { ip: nextIp() })).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
    const before = hashStats.verifies;
    expect(await staffLoginResult(t.db, { email: s.email, password: STAFF_PASSWORD }, { ip: nextIp() })).toEqual({
      ok: false,
      code: 'rate_limited',
      retryAfterSeconds: 1,
    });
    expect(hashStats.verifies).toBe(before);
    // The staff form shows it.
    newVisitor(nextIp());
    scope.headers.set('host', 'localhost:3000');
    const form = new FormData();
    form.set('email', s.email.toUpperCase());
    form.set('password', STAFF_PASSWORD);
    expect(await staffLoginAction(idle, form)).toMatchObject({
      ok: false,
      formError: 'rate_limited',
      retryAfterSeconds: 1,
    });
  });

  it('a customer login ID spelled like a staff email does not share the staff count', async () => {
    frozenClock();
    const [s] = await t.db.select().from(staffUsers).where(eq(staffUsers.email, 'viewer@example.jp'));
    expect(throttleKey('customer', s.email)).not.toBe(throttleKey('staff', s.email));
    for (let i = 0; i < 6; i++)
      await passwordLogin(t.db, { loginId: s.email, password: 'wrong' }, { ip: nextIp(), channel: 'app' });
    expect(await staffLoginResult(t.db, { email: s.email, password: STAFF_PASSWORD }, { ip: nextIp() })).toMatchObject({
      ok: true,
    });
  });

  it('suspended at 100 consecutive failures (audited once); an administrator enabling the account lifts it', async () => {
    const email = 'operator@example.jp';
    let now = new Date('2026-11-30T06:00:00Z');
    for (let i = 0; i < 100; i++) {
      expect(await staffLoginResult(t.db, { email, password: `wrong-${i}` }, { ip: nextIp(), now })).toEqual({
        ok: false,
        code: 'invalid_credentials',
      });
      now = new Date(now.getTime() + 900_000);
    }
    expect(await staffLoginResult(t.db, { email, password: STAFF_PASSWORD }, { ip: nextIp(), now })).toEqual({
      ok: false,
      code: 'login_suspended',
    });
    const [{ n }] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_events where action = 'staff.login.suspended'`,
    );
    expect(Number(n)).toBe(1);
    // A viewer cannot lift it; an administrator "enabling" the (still enabled) account does.
    expect((await setStaffDisabled(t.db, cast.viewer, { staffId: cast.operator.id, disabled: false })).ok).toBe(false);
    expect(await loginSuspendedAt(t.db, 'staff', email)).not.toBeNull();
    expect((await setStaffDisabled(t.db, cast.admin, { staffId: cast.operator.id, disabled: false })).ok).toBe(true);
    expect(await loginSuspendedAt(t.db, 'staff', email)).toBeNull();
    expect(await staffLoginResult(t.db, { email, password: STAFF_PASSWORD }, { ip: nextIp(), now })).toMatchObject({
      ok: true,
    });
  });

  it('an unknown staff email is throttled identically', async () => {
    frozenClock();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await staffLoginResult(t.db, { email: 'nobody@example.jp', password: 'wrong' }, { ip: nextIp() });
      codes.push(r.ok ? 'ok' : r.code);
    }
    expect(codes).toEqual([
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'invalid_credentials',
      'rate_limited',
    ]);
  });
});

describe('RT-36 configuration', () => {
  it('reads the numbers from the environment', async () => {
    process.env.LOGIN_THROTTLE_FREE_FAILURES = '2';
    resetEnvCache();
    try {
      const c = await makeCustomer();
      let now = new Date('2026-11-30T05:00:00Z');
      for (let i = 0; i < 2; i++)
        expect((await claimLoginAttempt(t.db, 'customer', c.loginId, now)).allowed).toBe(true);
      expect(await claimLoginAttempt(t.db, 'customer', c.loginId, now)).toMatchObject({
        allowed: false,
        reason: 'backoff',
        retryAfterSeconds: 1,
      });
      now = new Date(now.getTime() + 1000);
      expect((await claimLoginAttempt(t.db, 'customer', c.loginId, now)).allowed).toBe(true);
    } finally {
      delete process.env.LOGIN_THROTTLE_FREE_FAILURES;
      resetEnvCache();
    }
  });
});

describe('a password set by the forgotten-password flow (NFKC) signs in however its width is typed', () => {
  it('logs in with the full-width and the half-width spelling of the same password', async () => {
    const { hashNewPassword } = await import('@/lib/auth/password-policy');
    const c = await makeCustomer();
    await t.db
      .update(customers)
      .set({ passwordHash: await hashNewPassword('ｈｉｋｏｕｋｉ－ｇｕｍｏ２０２６') })
      .where(eq(customers.id, c.id));
    const ctx = () => ({ ip: nextIp(), channel: 'app' as const });
    expect(
      await passwordLogin(t.db, { loginId: c.loginId, password: 'ｈｉｋｏｕｋｉ－ｇｕｍｏ２０２６' }, ctx()),
    ).toMatchObject({ ok: true });
    expect(await passwordLogin(t.db, { loginId: c.loginId, password: 'hikouki-gumo2026' }, ctx())).toMatchObject({
      ok: true,
    });
    expect(await passwordLogin(t.db, { loginId: c.loginId, password: 'hikouki-gumo2025' }, ctx())).toMatchObject({
      ok: false,
      code: 'invalid_credentials',
    });
  });
});
