import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { posted } from '../support/form-data';
import { setDbForTests } from '../../db/client';
import { hashStats } from '../../lib/auth/password';
import { hit, hitMany } from '../../lib/rate-limit';
import { startFlow, submitCredentials } from '../../lib/recovery';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { deadDatabase, whileTableFails, type DeadDatabase } from '../support/hardening-faults';
import {
  callRoute,
  createCustomer,
  flowAt,
  flowRow,
  freshIp,
  latestOtp,
  outboxCount,
  type TestCustomer,
} from '../support/recovery-helpers';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flow from '../../app/api/v1/recovery/flow/route';
import * as credentials from '../../app/api/v1/recovery/flow/credentials/route';
import * as secretQuestion from '../../app/api/v1/recovery/flow/secret-question/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as resend from '../../app/api/v1/recovery/flow/otp/resend/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';
import { GET as health } from '../../app/api/health/route';

/*
 * RT-25: the database is down between two steps of a flow. Everything fails closed — no step advances,
 * no code is emailed without its stored hash, the rate limiter refuses rather than letting requests
 * through uncounted, the API answers a clean 503 JSON error — and the same flow carries on once the
 * database is back. "Down" is a real postgres.js handle to a port where nothing listens (or one that
 * answers like a server shutting down), installed with setDbForTests; PostgreSQL-only variants (connections
 * refused by the real server, a backend killed mid-step) are in hardening-db-down.pg.test.ts.
 */

import { jar, newVisitor } from '../support/request-scope';
vi.mock('next/headers', () => import('../support/request-scope'));
const actions = await import('../../app/recovery/actions');
const notMe = await import('../../app/recovery/not-me/actions');
const status = await import('../../app/recovery/status/actions');

let tdb: TestDatabase;
let dead: DeadDatabase | undefined;
const spares: DeadDatabase[] = [];

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  setDbForTests(tdb);
  await tdb?.drop();
});
beforeEach(() => {
  newVisitor(freshIp());
});
afterEach(async () => {
  setDbForTests(tdb);
  await dead?.close();
  dead = undefined;
  for (const d of spares.splice(0)) await d.close();
});

/**
 * Installs a database that is down. postgres.js backs off between reconnects of one pool (up to 20 s
 * once it has failed a few times), so each request of a test gets a handle of its own: the answer is
 * the same, only sooner.
 */
async function takeDatabaseDown(kind: 'refused' | 'shutting_down') {
  if (dead) spares.push(dead);
  dead = await deadDatabase(kind);
  setDbForTests(dead.handle);
}

function bringDatabaseBack() {
  setDbForTests(tdb);
}

const UNAVAILABLE = { code: 'unavailable', message: expect.any(String) };

/** A clean 503: the error body of docs/design.md#api, no-store, nothing of the failure (no stack, no driver message, no address). */
function expectClean503(res: Awaited<ReturnType<typeof callRoute>>) {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: UNAVAILABLE });
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat \S+ \(|ECONN|CONNECTION_|postgres|127\.0\.0\.1|\.ts:\d+|Error:/i);
}

const evidence = (c: TestCustomer) => ({
  credentials: { loginId: c.loginId, password: c.password },
  answer: { answer: c.answer },
  accountData: { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
});

describe('RT-25 database down between steps: the JSON API', () => {
  for (const kind of ['refused', 'shutting_down'] as const) {
    it(`RT-25 with the database ${kind === 'refused' ? 'refusing connections' : 'shutting down (FATAL 57P03 on every connection)'}, every recovery route answers a clean 503 and nothing changes; the flow resumes after`, async () => {
      const c = await createCustomer(tdb.db);
      const ip = freshIp();
      const at = await flowAt(tdb.db, c, 'account_data', { ip, userAgent: 'vitest-app', channel: 'app' });
      const before = await snapshot(tdb.db);
      const verifies = hashStats.verifies;

      const e = evidence(c);
      const calls = [
        () => callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip }),
        () => callRoute(flow.GET, { method: 'GET', path: '/api/v1/recovery/flow', token: at.token, ip }),
        () =>
          callRoute(credentials.POST, {
            path: '/api/v1/recovery/flow/credentials',
            token: at.token,
            ip,
            body: e.credentials,
          }),
        () =>
          callRoute(secretQuestion.POST, {
            path: '/api/v1/recovery/flow/secret-question',
            token: at.token,
            ip,
            body: e.answer,
          }),
        () =>
          callRoute(accountData.POST, {
            path: '/api/v1/recovery/flow/account-data',
            token: at.token,
            ip,
            body: e.accountData,
          }),
        () => callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token: at.token, ip, body: { code: '123456' } }),
        () => callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token: at.token, ip, body: {} }),
        () =>
          callRoute(complete.POST, {
            path: '/api/v1/recovery/flow/complete',
            token: at.token,
            ip,
            body: { confirm: true },
          }),
        () => callRoute(flow.DELETE, { method: 'DELETE', path: '/api/v1/recovery/flow', token: at.token, ip }),
        // English clients get the same, in English.
        () =>
          callRoute(accountData.POST, {
            path: '/api/v1/recovery/flow/account-data',
            token: at.token,
            ip,
            body: e.accountData,
            headers: { 'accept-language': 'en' },
          }),
      ];
      for (const call of calls) {
        await takeDatabaseDown(kind);
        expectClean503(await call());
      }
      // Fail closed: with nothing counted, no evidence was even looked at.
      expect(hashStats.verifies).toBe(verifies);
      const h = await health();
      expect(h.status).toBe(503);
      expect(await h.json()).toEqual({ status: 'degraded', database: { status: 'unavailable' } });

      bringDatabaseBack();
      expect(changedTables(before, await snapshot(tdb.db))).toEqual([]);
      // The same flow carries on from the step it was at.
      const s3 = await callRoute(accountData.POST, {
        path: '/api/v1/recovery/flow/account-data',
        token: at.token,
        ip,
        body: e.accountData,
      });
      expect(s3.status).toBe(200);
      expect(s3.body.step).toBe('otp');
      const s4 = await callRoute(otp.POST, {
        path: '/api/v1/recovery/flow/otp',
        token: at.token,
        ip,
        body: { code: await latestOtp(tdb.db, c.email) },
      });
      expect(s4.body.step).toBe('review');
      const done = await callRoute(complete.POST, {
        path: '/api/v1/recovery/flow/complete',
        token: at.token,
        ip,
        body: { confirm: true },
      });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ revokedPasskeys: 2, passwordLoginEnabled: true });
      expect(await outboxCount(tdb.db, c.email, 'recovery_otp')).toBe(1);
    });
  }

  it('RT-25 the rate limiter fails closed: with no database it throws (never "allowed"), and the step checks no evidence', async () => {
    await takeDatabaseDown('refused');
    const now = new Date();
    await expect(hit(dead!.handle.db, 'recovery:attempts:ip:10.9.9.9', 100, 3600_000, now)).rejects.toThrow();
    await expect(
      hitMany(dead!.handle.db, [{ key: 'recovery:attempts:ip:10.9.9.9', limit: 100 }], 3600_000, now),
    ).rejects.toThrow();
    const verifies = hashStats.verifies;
    await expect(startFlow(dead!.handle.db, { ip: '10.9.9.9' })).rejects.toThrow();
    await expect(
      submitCredentials(dead!.handle.db, 'A'.repeat(43), { loginId: 'demo-locked', password: 'x' }, { ip: '10.9.9.9' }),
    ).rejects.toThrow();
    expect(hashStats.verifies).toBe(verifies);
  });
});

describe('RT-25 the database failing inside a step', () => {
  it('RT-25 failing at the email of the first code: no step advance, no code hash stored, no email; the step passes once it is back', async () => {
    const c = await createCustomer(tdb.db);
    const at = await flowAt(tdb.db, c, 'account_data');
    const before = await flowRow(tdb.db, at.token);
    const res = await whileTableFails(tdb.db, 'notification_outbox', { events: 'insert' }, () =>
      callRoute(accountData.POST, {
        path: '/api/v1/recovery/flow/account-data',
        token: at.token,
        ip: at.ctx.ip,
        body: evidence(c).accountData,
      }),
    );
    expectClean503(res);
    const after = await flowRow(tdb.db, at.token);
    expect(after).toMatchObject({
      step: 'account_data',
      otpHash: null,
      otpExpiresAt: null,
      otpSends: 0,
      otpLastSentAt: null,
    });
    // The attempt reserved before the check stays counted: a fault never gives a guess back.
    expect(after.failedAttempts).toBe(before.failedAttempts + 1);
    expect(await outboxCount(tdb.db, c.email)).toBe(0);

    const again = await callRoute(accountData.POST, {
      path: '/api/v1/recovery/flow/account-data',
      token: at.token,
      ip: at.ctx.ip,
      body: evidence(c).accountData,
    });
    expect(again.status).toBe(200);
    expect(await outboxCount(tdb.db, c.email, 'recovery_otp')).toBe(1);
    expect((await flowRow(tdb.db, at.token)).otpHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('RT-25 failing at the write of the code hash: no email is queued for a code that was never stored', async () => {
    const c = await createCustomer(tdb.db);
    const at = await flowAt(tdb.db, c, 'account_data');
    const res = await whileTableFails(
      tdb.db,
      'recovery_flows',
      { events: 'update', when: 'new.otp_hash is not null and new.otp_hash is distinct from old.otp_hash' },
      () =>
        callRoute(accountData.POST, {
          path: '/api/v1/recovery/flow/account-data',
          token: at.token,
          ip: at.ctx.ip,
          body: evidence(c).accountData,
        }),
    );
    expectClean503(res);
    expect(await flowRow(tdb.db, at.token)).toMatchObject({ step: 'account_data', otpHash: null });
    expect(await outboxCount(tdb.db, c.email)).toBe(0);
  });

  it('RT-25 a resend that fails leaves the previous code working and the send count unchanged', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const c = await createCustomer(tdb.db);
      const at = await flowAt(tdb.db, c, 'otp');
      const code = await latestOtp(tdb.db, c.email);
      const before = await flowRow(tdb.db, at.token);
      vi.setSystemTime(Date.now() + 61_000);
      const res = await whileTableFails(tdb.db, 'notification_outbox', { events: 'insert' }, () =>
        callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token: at.token, ip: at.ctx.ip, body: {} }),
      );
      expectClean503(res);
      const after = await flowRow(tdb.db, at.token);
      expect({ otpHash: after.otpHash, otpSends: after.otpSends, otpLastSentAt: after.otpLastSentAt }).toEqual({
        otpHash: before.otpHash,
        otpSends: 1,
        otpLastSentAt: before.otpLastSentAt,
      });
      expect(await outboxCount(tdb.db, c.email, 'recovery_otp')).toBe(1);
      const ok = await callRoute(otp.POST, {
        path: '/api/v1/recovery/flow/otp',
        token: at.token,
        ip: at.ctx.ip,
        body: { code },
      });
      expect(ok.body.step).toBe('review');
    } finally {
      vi.useRealTimers();
    }
  });

  it('RT-25 failing at completion: a 503, the flow stays at review with every passkey, and the retry completes', async () => {
    const c = await createCustomer(tdb.db);
    const at = await flowAt(tdb.db, c, 'review');
    const before = await snapshot(tdb.db, ['customers', 'passkeys', 'notification_outbox']);
    const res = await whileTableFails(tdb.db, 'passkeys', { events: 'update' }, () =>
      callRoute(complete.POST, {
        path: '/api/v1/recovery/flow/complete',
        token: at.token,
        ip: at.ctx.ip,
        body: { confirm: true },
      }),
    );
    expectClean503(res);
    expect((await flowRow(tdb.db, at.token)).step).toBe('review');
    expect(changedTables(before, await snapshot(tdb.db, ['customers', 'passkeys', 'notification_outbox']))).toEqual([]);
    const done = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: at.token,
      ip: at.ctx.ip,
      body: { confirm: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.revokedPasskeys).toBe(2);
  });
});

describe('RT-25 database down: the web steps (server actions)', () => {
  it('RT-25 every /recovery action returns the generic `unavailable` form error — never a throw — and the flow resumes after', async () => {
    const c = await createCustomer(tdb.db);
    expect(await actions.startRecoveryAction()).toMatchObject({ ok: true });
    expect(await actions.credentialsAction(...posted(evidence(c).credentials))).toMatchObject({
      ok: true,
      data: { view: { step: 'secret_question' } },
    });
    const token = jar.get('lhp_recovery')!.value;
    const before = await snapshot(tdb.db);

    const generic = { ok: false, fieldErrors: {}, formError: { code: 'unavailable' } };
    const calls: [string, () => Promise<unknown>][] = [
      ['start', () => actions.startRecoveryAction()],
      ['credentials', () => actions.credentialsAction(...posted(evidence(c).credentials))],
      ['secret question', () => actions.secretQuestionAction(...posted(evidence(c).answer))],
      ['account data', () => actions.accountDataAction(...posted(evidence(c).accountData))],
      ['otp', () => actions.otpAction(...posted({ code: '123456' }))],
      ['resend', () => actions.resendOtpAction()],
      ['complete', () => actions.completeRecoveryAction(...posted({ confirm: true }))],
      ['cancel', () => actions.cancelRecoveryAction()],
      ['not-me', () => notMe.notMeAction({ loginId: c.loginId, lockCode: 'ABCD2345' })],
      ['status', () => status.lookupStatusAction({ loginId: c.loginId, referenceNumber: 'R-20260101-ABCDEF' })],
    ];
    for (const kind of ['refused', 'shutting_down'] as const) {
      for (const [name, call] of calls) {
        await takeDatabaseDown(kind);
        expect({ name, res: await call() }).toEqual({ name, res: generic });
      }
    }
    expect(jar.get('lhp_recovery')!.value).toBe(token); // no new flow, the cookie untouched
    // Bad input is still a field error, database or not.
    expect(
      await actions.accountDataAction(...posted({ birthDate: 'x', branchCode: '1', accountNumber: '' })),
    ).toMatchObject({ ok: false, fieldErrors: { birthDate: 'format' }, formError: null });

    bringDatabaseBack();
    expect(changedTables(before, await snapshot(tdb.db))).toEqual([]);
    expect(await actions.secretQuestionAction(...posted(evidence(c).answer))).toMatchObject({
      ok: true,
      data: { view: { step: 'account_data' } },
    });
  });
});
