import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, customers, notificationOutbox } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { relayOnce } from '../../lib/notify/relay';
import {
  completeFlow,
  describeFlow,
  prepareLockCode,
  reportNotMe,
  resendOtp,
  startFlow,
  submitAccountData,
  submitCredentials,
  submitOtp,
  unlockRecovery,
} from '../../lib/recovery';
import { RECENT_LOCK_ACTION, SPRAY_ALERT_ACTION } from '../../lib/recovery/red-flags';
import { approveForcedReset, requestForcedReset } from '../../lib/staff/forced-reset';
import { openCases } from '../../lib/staff/stats';
import { withTestDatabase } from '../support/db';
import {
  auditCount,
  createCustomer,
  ctxFor,
  flowAt,
  flowRow,
  freshIp,
  latestOtp,
  type TestCustomer,
} from '../support/recovery-helpers';
import { makeStaff, resetRequestInput } from '../support/staff-fixtures';

/*
 * RT-30 red flags.
 * (a) A recovery right after the account's recovery lock ended — it ran out, staff unlocked it, or the
 *     forced reset cleared a not-me lock — has its emailed code held for RECOVERY_RED_FLAG_OTP_DELAY_SECONDS
 *     (5 min): queued but not deliverable before then, resends blocked until after it, the flow's lifetime
 *     longer by the same delay, and the hold audited.
 * (b) Five distinct login IDs failing step 1 from one IP within the (fixed, hourly) window raise one
 *     `security.alert.account_spraying` audit event — once per IP per window — shown to staff.
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});
afterEach(() => {
  vi.useRealTimers();
});

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Ten wrong passwords from ten addresses: the account's recovery is locked for 24 h (docs/design.md#account-lock). */
async function lockRecovery(c: TestCustomer) {
  for (let i = 0; i < 10; i++) {
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: `wrong-${i}` }, ctx);
  }
  const [row] = await db.select({ until: customers.recoveryLockedUntil }).from(customers).where(eq(customers.id, c.id));
  expect(row.until).not.toBeNull();
}

async function otpOutboxRow(to: string) {
  const [row] = await db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, to), eq(notificationOutbox.template, 'recovery_otp')));
  return row;
}

/** Relays the outbox as of `now` and says whether this customer's code went out. */
async function relayDeliversCode(to: string, now: Date): Promise<boolean> {
  const sent: string[] = [];
  await relayOnce(db, { send: async (m) => void sent.push(`${m.to}|${m.subject}`) }, { now, batch: 1000 });
  return sent.some((s) => s.startsWith(`${to}|`) && s.includes('確認コード'));
}

/** Passes step 3 and checks the code is held until `t0 + 5 min` — the whole of (a). */
async function expectHeldCode(c: TestCustomer, reasonCheck: (details: Record<string, unknown>) => void) {
  const at = await flowAt(db, c, 'account_data');
  const startedExpiry = (await flowRow(db, at.token)).expiresAt.getTime();
  const t0 = Date.now();
  expect(
    await submitAccountData(
      db,
      at.token,
      { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
      at.ctx,
    ),
  ).toEqual({ ok: true, value: { step: 'otp' } });
  const row = await flowRow(db, at.token);
  expect(row.otpLastSentAt!.getTime()).toBe(t0 + 5 * MIN);
  expect(row.otpExpiresAt!.getTime()).toBe(t0 + 15 * MIN);
  expect(row.expiresAt.getTime()).toBe(startedExpiry + 5 * MIN);
  expect((await otpOutboxRow(c.email)).nextAttemptAt.getTime()).toBe(t0 + 5 * MIN);
  const view = await describeFlow(db, at.token, { locale: 'ja' });
  expect(view).toMatchObject({ step: 'otp', otp: { deliversAt: new Date(t0 + 5 * MIN).toISOString() } });

  const [alert] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, RECENT_LOCK_ACTION), eq(auditEvents.flowId, at.flowId)));
  expect(alert).toMatchObject({ customerId: c.id, ip: at.ctx.ip });
  expect(alert.details).toMatchObject({ otpHeldUntil: new Date(t0 + 5 * MIN).toISOString() });
  reasonCheck(alert.details as Record<string, unknown>);
  return { at, t0 };
}

describe('RT-30 (a) a recovery right after a recovery lock gets a mandatory delay before its code', () => {
  it('RT-30 right after a recovery lock ran out, the code is held 5 minutes: not relayed, no resend, the flow 5 minutes longer; then it works', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    await lockRecovery(c);
    const [{ until }] = await db
      .select({ until: customers.recoveryLockedUntil })
      .from(customers)
      .where(eq(customers.id, c.id));
    vi.setSystemTime(until!.getTime() + 1000);
    const { at, t0 } = await expectHeldCode(c, (d) => expect(d.lockEndedAt).toBe(until!.toISOString()));

    // Before the hold ends: the relay does not hand the code over, and no resend can go around it.
    expect(await relayDeliversCode(c.email, new Date(t0 + 4 * MIN))).toBe(false);
    vi.setSystemTime(t0 + 2 * MIN);
    expect(await resendOtp(db, at.token, at.ctx)).toEqual({
      ok: false,
      error: { code: 'rate_limited', reason: 'otp_resend_interval', retryAfter: 4 * 60 },
    });
    // From the hold on: delivered, and the code completes the recovery.
    vi.setSystemTime(t0 + 5 * MIN);
    expect(await relayDeliversCode(c.email, new Date())).toBe(true);
    expect(await submitOtp(db, at.token, { code: await latestOtp(db, c.email) }, at.ctx)).toEqual({
      ok: true,
      value: { step: 'review' },
    });
    expect(await completeFlow(db, at.token, at.ctx)).toMatchObject({ ok: true, value: { revokedPasskeys: 2 } });
  });

  it('RT-30 right after staff unlocked a recovery lock, the same hold applies', async () => {
    const c = await createCustomer(db);
    await lockRecovery(c);
    expect(await unlockRecovery(db, c.id, { type: 'staff', id: 'staff-1' }, { ip: '127.0.0.1' })).toEqual({
      unlocked: true,
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    await expectHeldCode(c, (d) => expect(typeof d.lockEndedAt).toBe('string'));
  });

  it('RT-30 right after the phone-verified forced reset cleared a not-me lock, the same hold applies', async () => {
    const c = await createCustomer(db);
    const { lockCode, lockCodeHash } = await prepareLockCode();
    await db.update(customers).set({ lockCodeHash }).where(eq(customers.id, c.id));
    expect(await reportNotMe(db, { loginId: c.loginId, lockCode }, ctxFor())).toEqual({
      ok: true,
      value: { accepted: true },
    });
    const [op1, op2] = [await makeStaff(db, 'operator'), await makeStaff(db, 'operator')];
    const req = await requestForcedReset(db, op1, resetRequestInput(c.id), { ip: '127.0.0.1' });
    if (!req.ok) throw new Error(`request: ${JSON.stringify(req)}`);
    expect(await approveForcedReset(db, op2, { requestId: req.data.requestId }, { ip: '127.0.0.1' })).toMatchObject({
      ok: true,
      data: { clearedLoginLock: true },
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    await expectHeldCode(c, (d) => expect(typeof d.lockEndedAt).toBe('string'));
  });

  it('RT-30 no delay without a red flag: an account never locked, or one whose lock ended more than 24 h ago', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const fresh = await createCustomer(db);
    const old = await createCustomer(db);
    await lockRecovery(old);
    const [{ until }] = await db
      .select({ until: customers.recoveryLockedUntil })
      .from(customers)
      .where(eq(customers.id, old.id));
    vi.setSystemTime(until!.getTime() + 24 * HOUR + 1000);
    for (const c of [fresh, old]) {
      const at = await flowAt(db, c, 'otp');
      const row = await flowRow(db, at.token);
      expect(row.otpLastSentAt!.getTime()).toBe(Date.now());
      expect(row.expiresAt.getTime()).toBe(row.createdAt.getTime() + 15 * MIN);
      expect(await describeFlow(db, at.token, { locale: 'ja' })).not.toHaveProperty('otp.deliversAt');
      expect(await auditCount(db, RECENT_LOCK_ACTION, { customerId: c.id })).toBe(0);
    }
  });
});

/** One failed step 1 for `loginId` from `ip`, in a flow of its own. */
async function failLogin(ip: string, loginId: string) {
  const ctx = ctxFor(ip);
  const s = await startFlow(db, ctx);
  if (!s.ok) throw new Error(`start: ${JSON.stringify(s.error)}`);
  const r = await submitCredentials(db, s.value.flowToken, { loginId, password: 'Spray-attempt-1!' }, ctx);
  expect(r).toMatchObject({ ok: false, error: { code: 'verification_failed' } });
}

async function alertsFor(ip: string) {
  return queryRows<{ details: Record<string, unknown>; at: Date; actor_type: string }>(
    db,
    sql`
    select details, at, actor_type from audit_events where action = ${SPRAY_ALERT_ACTION} and ip = ${ip} order by id`,
  );
}

/** Fixed hourly windows: start a minute into an hour so a test never straddles two. */
function startOfNextHour(): number {
  return Math.ceil(Date.now() / HOUR) * HOUR + MIN;
}

describe('RT-30 (b) many accounts tried from one IP raise one alert', () => {
  it('RT-30 the fifth distinct login ID failing from one IP raises exactly one security.alert.account_spraying per window, shown to staff', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(startOfNextHour());
    const ip = freshIp();
    const known = await Promise.all([createCustomer(db), createCustomer(db)]);
    const ids = [known[0].loginId, 'nobody-1', known[1].loginId, 'nobody-2', 'nobody-3', 'nobody-4', 'nobody-5'];
    for (const id of ids.slice(0, 4)) await failLogin(ip, id);
    for (let i = 0; i < 3; i++) await failLogin(ip, ids[0]); // the same ID again is not a new account
    expect(await alertsFor(ip)).toHaveLength(0);
    await failLogin(ip, ids[4]);
    const [alert] = await alertsFor(ip);
    expect(await alertsFor(ip)).toHaveLength(1);
    expect(alert.actor_type).toBe('system');
    expect(alert.details).toMatchObject({
      distinctLoginIds: 5,
      windowSeconds: 3600,
      loginIds: [...ids.slice(0, 5)].sort(),
    });
    for (const id of ids.slice(5)) await failLogin(ip, id);
    expect(await alertsFor(ip)).toHaveLength(1);

    const cases = await openCases(db, new Date());
    expect(cases.securityAlerts).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: SPRAY_ALERT_ACTION, ip, distinctLoginIds: 5 })]),
    );

    // The next hour is a new window: the same behaviour alerts again, once.
    vi.setSystemTime(Date.now() + HOUR);
    for (const id of ['later-1', 'later-2', 'later-3', 'later-4', 'later-5', 'later-6']) await failLogin(ip, id);
    expect(await alertsFor(ip)).toHaveLength(2);
  });

  it('RT-30 eight failures from one IP at once still raise exactly one alert', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(startOfNextHour());
    const ip = freshIp();
    const ctx = ctxFor(ip);
    const tokens: string[] = [];
    for (let i = 0; i < 8; i++) {
      const s = await startFlow(db, ctx);
      if (!s.ok) throw new Error('start');
      tokens.push(s.value.flowToken);
    }
    const results = await Promise.all(
      tokens.map((t, i) => submitCredentials(db, t, { loginId: `burst-${ip}-${i}`, password: 'x' }, ctx)),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await alertsFor(ip)).toHaveLength(1);
    expect((await alertsFor(ip))[0].details).toMatchObject({ distinctLoginIds: 5 });
  });

  it('RT-30 no alert for one login ID retried many times, nor for the same IDs spread over many IPs', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(startOfNextHour());
    const ip = freshIp();
    for (let i = 0; i < 12; i++) await failLogin(ip, 'forgetful-customer');
    expect(await alertsFor(ip)).toHaveLength(0);
    const ips = Array.from({ length: 5 }, () => freshIp());
    for (const [i, other] of ips.entries()) await failLogin(other, `spread-${i}`);
    for (const other of ips) expect(await alertsFor(other)).toHaveLength(0);
  });
});
