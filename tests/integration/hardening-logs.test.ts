import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq, or } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, notificationOutbox, staffUsers } from '../../db/schema';
import { setDbForTests, type Db } from '../../db/client';
import { hashSecret } from '../../lib/auth/password';
import { escapeForLog, logger } from '../../lib/log';
import { makeStaffAction } from '../../lib/staff/action';
import { ok } from '../../lib/staff/guard';
import { createStaff } from '../../lib/staff/users';
import { makeStaff } from '../support/staff-fixtures';
import { startFlow, submitCredentials } from '../../lib/recovery';
import { withTestDatabase, type TestDatabase } from '../support/db';
import {
  captureLogs,
  deadDatabase,
  occurrences,
  whileTableFails,
  type CapturedLogs,
} from '../support/hardening-faults';
import { callRoute, createCustomer, freshIp, latestOtp, type TestCustomer } from '../support/recovery-helpers';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as credentials from '../../app/api/v1/recovery/flow/credentials/route';
import * as secretQuestion from '../../app/api/v1/recovery/flow/secret-question/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';
import * as sessionPassword from '../../app/api/v1/session/password/route';

/*
 * RT-31: every evaluated attempt is an audit row (actor, flow, IP, user agent, UTC time); no secret —
 * password, answer, code, birth date, full account number, flow token, lock code — in any audit row or
 * pino line; user input with CR/LF and <script> is stored escaped (control characters as \u000d, the
 * rest kept as text: HTML escaping is the renderer's job, checked for the staff console by RT-29 in
 * staff-preview.test.ts). The pino output is the app's own logger (lib/log) captured line by line.
 * Requests without a valid flow token are refused before any evidence is looked at; they are counted
 * by the per-IP limiter (and the first refusal per window audited) rather than each written to the
 * append-only chain, which would let anyone flood it.
 */

let tdb: TestDatabase;
let db: Db;
let logs: CapturedLogs;
withTestDatabase((t) => {
  tdb = t;
  db = t.db;
});
afterEach(() => {
  logs?.restore();
});

const EVIL_LOGIN_ID = 'evil\r\n{"level":60,"msg":"forged"}<script>alert(1)</script>';
const EVIL_UA = 'Mozilla/5.0 <script>alert(2)</script>';

type Run = {
  c: TestCustomer;
  ip: string;
  flowId: string;
  token: string;
  secrets: Record<string, string>;
  t0: Date;
  t1: Date;
};

/** A whole recovery through the JSON API with one wrong try at every step. */
async function recoverWithMistakes(): Promise<Run> {
  const c = await createCustomer(db);
  const ip = freshIp();
  const headers = { 'user-agent': EVIL_UA };
  const t0 = new Date();
  const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip, headers });
  const token = started.body.flowToken as string;
  const post = (route: { POST: (r: Request) => Promise<Response> }, path: string, body: unknown) =>
    callRoute(route.POST, { path: `/api/v1/recovery/flow/${path}`, token, ip, headers, body });

  expect(
    (await post(credentials, 'credentials', { loginId: EVIL_LOGIN_ID, password: 'Wrong-Pass-9f3a!' })).status,
  ).toBe(401);
  expect((await post(credentials, 'credentials', { loginId: c.loginId, password: c.password })).status).toBe(200);
  expect((await post(secretQuestion, 'secret-question', { answer: 'タマ' })).status).toBe(401);
  expect((await post(secretQuestion, 'secret-question', { answer: c.answer })).status).toBe(200);
  const wrongAccount = String((Number(c.accountNumber) + 1_234_567) % 10_000_000).padStart(7, '8');
  expect(
    (
      await post(accountData, 'account-data', {
        birthDate: '1991-02-03',
        branchCode: c.branchCode,
        accountNumber: wrongAccount,
      })
    ).status,
  ).toBe(401);
  expect(
    (
      await post(accountData, 'account-data', {
        birthDate: '19850412',
        branchCode: c.branchCode,
        accountNumber: c.accountNumber,
      })
    ).status,
  ).toBe(200);
  const code = await latestOtp(db, c.email);
  const wrongCode = String((Number(code) + 500_001) % 1_000_000).padStart(6, '0');
  expect((await post(otp, 'otp', { code: wrongCode })).status).toBe(401);
  expect((await post(otp, 'otp', { code })).status).toBe(200);
  expect((await post(complete, 'complete', { confirm: true })).status).toBe(200);
  const t1 = new Date();

  const [mail] = await db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.toAddress, c.email))
    .orderBy(asc(notificationOutbox.createdAt));
  const [doneMail] = (
    await db.select().from(notificationOutbox).where(eq(notificationOutbox.toAddress, c.email))
  ).filter((m) => m.template === 'recovery_completed');
  const lockCode = /ロックコード：([A-Z0-9]{8})/.exec(doneMail.bodyText)?.[1];
  expect(mail).toBeDefined();
  expect(lockCode).toBeDefined();
  return {
    c,
    ip,
    token,
    t0,
    t1,
    flowId: (
      await db
        .select({ flowId: auditEvents.flowId })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'recovery.completed'))
        .orderBy(asc(auditEvents.id))
    ).at(-1)!.flowId!,
    secrets: {
      password: c.password,
      wrongPassword: 'Wrong-Pass-9f3a!',
      answer: c.answer,
      answerNormalized: 'ぽち',
      wrongAnswer: 'タマ',
      birthDate: c.birthDate,
      birthDateTyped: '19850412',
      wrongBirthDate: '1991-02-03',
      accountNumber: c.accountNumber,
      wrongAccountNumber: wrongAccount,
      code,
      wrongCode,
      flowToken: token,
      lockCode: lockCode!,
    },
  };
}

function expectNoSecret(text: string, secrets: Record<string, string>, where: string) {
  const found = Object.entries(secrets)
    .filter(([, v]) => occurrences(text, v) > 0)
    .map(([k]) => k);
  expect({ where, found }).toEqual({ where, found: [] });
}

/** Every string inside a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

describe('RT-31 every attempt is logged, without a secret', () => {
  it('RT-31 a whole flow with a wrong try at every step: one audit row per attempt, each with actor, flow, IP, user agent and UTC time', async () => {
    logs = captureLogs();
    const run = await recoverWithMistakes();
    const rows = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.flowId, run.flowId))
      .orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.action)).toEqual([
      'recovery.started',
      'recovery.verification_failed',
      'recovery.credentials.passed',
      'recovery.verification_failed',
      'recovery.secret_question.passed',
      'recovery.verification_failed',
      'recovery.account_data.passed',
      'recovery.verification_failed',
      'recovery.otp.passed',
      'recovery.completed',
    ]);
    for (const [i, r] of rows.entries()) {
      expect(r.actorType).toBe('customer');
      // Before the password is right the actor is unknown; from then on it is the customer.
      expect(r.actorId).toBe(i < 2 ? null : run.c.id);
      expect(r.ip).toBe(run.ip);
      expect(r.details).toMatchObject({ userAgent: EVIL_UA, channel: 'app' });
      expect(r.at.getTime()).toBeGreaterThanOrEqual(run.t0.getTime() - 1000);
      expect(r.at.getTime()).toBeLessThanOrEqual(run.t1.getTime() + 1000);
    }
    // The stored time is an instant (timestamptz), hashed into the chain as UTC ISO-8601.
    expect(rows[0].at.toISOString()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(rows[1].details).toMatchObject({
      step: 'credentials',
      failures: 1,
      loginId: escapeForLog(EVIL_LOGIN_ID.normalize('NFKC').trim().toLowerCase(), 500),
    });

    const everyRow = await db.select().from(auditEvents);
    expectNoSecret(JSON.stringify(everyRow), run.secrets, 'audit_events');
    expectNoSecret(logs.lines.join('\n'), run.secrets, 'pino');
  });

  it('RT-31 a login ID and user agent with CR/LF and <script> are stored escaped: no raw control character in any audit value', async () => {
    const ip = freshIp();
    const ctx = { ip, userAgent: 'Evil\r\nX-Forged: yes\u2028<script>alert(3)</script>', channel: 'web' as const };
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    expect(
      await submitCredentials(
        db,
        s.value.flowToken,
        { loginId: 'a\r\nb\u0007c<script>x</script>', password: 'nope' },
        ctx,
      ),
    ).toMatchObject({ ok: false, error: { code: 'verification_failed' } });
    const rows = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.flowId, s.value.flowId))
      .orderBy(asc(auditEvents.id));
    const failed = rows.find((r) => r.action === 'recovery.verification_failed')!;
    expect(failed.details).toMatchObject({
      loginId: 'a\\u000d\\u000ab\\u0007c<script>x</script>',
      userAgent: 'Evil\\u000d\\u000aX-Forged: yes\\u2028<script>alert(3)</script>',
    });
    const all = await db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.ip, ip), eq(auditEvents.flowId, s.value.flowId)));
    for (const r of all) {
      for (const v of [...strings(r.details), r.action, r.ip ?? '', r.actorId ?? ''])
        expect(v).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
    }
    // NUL, which no PostgreSQL text can hold, is refused by the shared schema (400) before anything runs.
    const nul = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token: s.value.flowToken,
      ip,
      body: { loginId: 'a\u0000b', password: 'nope' },
    });
    expect(nul.status).toBe(400);
    expect(nul.body.error).toMatchObject({ code: 'invalid_input', fields: { loginId: 'format' } });
  });

  it('RT-31 pino: every line is one JSON object, none holds a secret — on success, failure, an alert and a database fault', async () => {
    logs = captureLogs();
    const run = await recoverWithMistakes();
    // An alert line (five login IDs failing from one address) and error lines (the database down).
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const ctx = { ip, userAgent: 'ua' };
      const s = await startFlow(db, ctx);
      if (!s.ok) throw new Error('start');
      await submitCredentials(
        db,
        s.value.flowToken,
        { loginId: `${EVIL_LOGIN_ID}-${i}`, password: run.secrets.password },
        ctx,
      );
    }
    const dead = await deadDatabase('refused');
    setDbForTests(dead.handle);
    try {
      const r = await callRoute(otp.POST, {
        path: '/api/v1/recovery/flow/otp',
        token: run.token,
        ip: run.ip,
        body: { code: run.secrets.code },
      });
      expect(r.status).toBe(503);
    } finally {
      setDbForTests(tdb);
      await dead.close();
    }

    const parsed = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => l.msg === 'many login IDs failing from one IP' && l.ip === ip)).toBe(true);
    expect(parsed.some((l) => l.msg === 'recovery api failed' && l.level === 50)).toBe(true);
    for (const l of parsed)
      expect(l).toMatchObject({ level: expect.any(Number), time: expect.any(String), msg: expect.any(String) });
    expectNoSecret(logs.lines.join('\n'), run.secrets, 'pino');
    for (const line of logs.lines) expect(line).not.toMatch(/[\r\n]/);
  });
});

/*
 * RT-41: every failure path driven with known secrets — the database down, a constraint violation, a
 * statement refused for bad Unicode, a staff member created with a NUL in the name — and none of the
 * secrets (password, argon2 hash, code, answer, token, birth date) in any log line. Errors are logged
 * by class, SQLSTATE and constraint name only (lib/log serializeError); pino redacts by key.
 */
describe('RT-41 no secret in any log line, on any failure path', () => {
  /** What a driver error's text would carry: the statement and its parameters. */
  const DRIVER_TEXT = /Failed query|params:|insert into|select |\$argon2/i;

  it('RT-41 the database down: every JSON step with known secrets answers 503 and logs none of them', async () => {
    const c = await createCustomer(db);
    const ip = freshIp();
    const token = (await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip })).body.flowToken as string;
    const secrets = {
      password: c.password,
      answer: c.answer,
      birthDate: c.birthDate,
      accountNumber: c.accountNumber,
      code: '493817',
      token,
    };
    logs = captureLogs();
    const dead = await deadDatabase('refused');
    setDbForTests(dead.handle);
    try {
      const post = (route: { POST: (r: Request) => Promise<Response> }, path: string, body: unknown) =>
        callRoute(route.POST, { path: `/api/v1/recovery/flow/${path}`, token, ip, body });
      expect((await post(credentials, 'credentials', { loginId: c.loginId, password: c.password })).status).toBe(503);
      expect((await post(secretQuestion, 'secret-question', { answer: c.answer })).status).toBe(503);
      expect(
        (
          await post(accountData, 'account-data', {
            birthDate: c.birthDate,
            branchCode: c.branchCode,
            accountNumber: c.accountNumber,
          })
        ).status,
      ).toBe(503);
      expect((await post(otp, 'otp', { code: secrets.code })).status).toBe(503);
      expect(
        (
          await callRoute(sessionPassword.POST, {
            path: '/api/v1/session/password',
            ip,
            body: { loginId: c.loginId, password: c.password },
          })
        ).status,
      ).toBe(503);
    } finally {
      setDbForTests(tdb);
      await dead.close();
    }
    expect(logs.lines.length).toBeGreaterThanOrEqual(5);
    expectNoSecret(logs.lines.join('\n'), secrets, 'pino (database down)');
    for (const line of logs.lines) expect(line).not.toMatch(DRIVER_TEXT);
  });

  it('RT-41 a constraint violation carrying an argon2 hash in its parameters is logged by class, SQLSTATE and constraint only', async () => {
    const admin = await makeStaff(db, 'admin');
    const taken = await makeStaff(db, 'viewer');
    const [{ email: takenEmail }] = await db
      .select({ email: staffUsers.email })
      .from(staffUsers)
      .where(eq(staffUsers.id, taken.id));
    const password = 'Known-staff-pass-7781';
    const hash = await hashSecret(password);
    const deps = { db: async () => db, principal: async () => admin, ctx: async () => ({ ip: freshIp() }) };
    // The path the reviewer saw: a driver error (here the unique email) thrown inside a staff action.
    const action = makeStaffAction(deps, {
      role: 'admin',
      name: 'staff.test.insert',
      schema: z.unknown(),
      run: async () => {
        await db.insert(staffUsers).values({ email: takenEmail, name: '重複', role: 'viewer', passwordHash: hash });
        return ok(null);
      },
    });
    logs = captureLogs();
    expect(await action({})).toMatchObject({ ok: false, formError: 'error' });
    const line = logs.lines
      .map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> })
      .find((l) => l.msg === 'staff action failed');
    expect(line?.err).toMatchObject({ sqlState: '23505' });
    expect(JSON.stringify(line?.err)).toMatch(/"constraint":"[a-z_]+"/);
    expectNoSecret(logs.lines.join('\n'), { password, hash }, 'pino (constraint violation)');
    for (const l of logs.lines) expect(l).not.toMatch(DRIVER_TEXT);
  });

  it('RT-41 a staff member with a NUL in the name: refused as invalid input (400); forced past the schema, the driver error logs no hash', async () => {
    const admin = await makeStaff(db, 'admin');
    const password = 'Known-staff-pass-9924';
    logs = captureLogs();
    const refused = await createStaff(
      db,
      admin,
      { email: 'nul@example.jp', name: '山田\u0000花子', role: 'viewer', password },
      { ip: freshIp() },
    );
    expect(refused).toMatchObject({ ok: false, code: 'invalid_input', fieldErrors: { name: 'format' } });
    const hash = await hashSecret(password);
    const deps = { db: async () => db, principal: async () => admin, ctx: async () => ({ ip: freshIp() }) };
    const forced = makeStaffAction(deps, {
      role: 'admin',
      name: 'staff.test.nul',
      schema: z.unknown(),
      run: async () => {
        await db
          .insert(staffUsers)
          .values({ email: 'nul2@example.jp', name: '山田\u0000花子', role: 'viewer', passwordHash: hash });
        return ok(null);
      },
    });
    expect(await forced({})).toMatchObject({ ok: false, formError: 'error' });
    const line = logs.lines
      .map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> })
      .find((l) => l.msg === 'staff action failed');
    expect(line?.err).toMatchObject({ sqlState: '22021' });
    expectNoSecret(logs.lines.join('\n'), { password, hash }, 'pino (NUL in a staff name)');
    for (const l of logs.lines) expect(l).not.toMatch(DRIVER_TEXT);
  });

  it('RT-41 the emailed code cannot be written (outbox failing): the step fails, and neither the code nor the address is logged', async () => {
    const c = await createCustomer(db);
    const ip = freshIp();
    const token = (await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip })).body.flowToken as string;
    const post = (route: { POST: (r: Request) => Promise<Response> }, path: string, body: unknown) =>
      callRoute(route.POST, { path: `/api/v1/recovery/flow/${path}`, token, ip, body });
    expect((await post(credentials, 'credentials', { loginId: c.loginId, password: c.password })).status).toBe(200);
    expect((await post(secretQuestion, 'secret-question', { answer: c.answer })).status).toBe(200);
    logs = captureLogs();
    const res = await whileTableFails(db, 'notification_outbox', {}, () =>
      post(accountData, 'account-data', {
        birthDate: c.birthDate,
        branchCode: c.branchCode,
        accountNumber: c.accountNumber,
      }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectNoSecret(
      logs.lines.join('\n'),
      { email: c.email, birthDate: c.birthDate, accountNumber: c.accountNumber, token },
      'pino (outbox failing)',
    );
    for (const l of logs.lines) expect(l).not.toMatch(DRIVER_TEXT);
  });

  it('RT-41 pino redacts secrets by key, at any of the first three levels, even when a caller passes them by mistake', () => {
    logs = captureLogs();
    const secrets = {
      password: 'pw-1111',
      hash: '$argon2id$v=19$m=19456,t=2,p=1$abc',
      code: '654321',
      answer: 'たま',
      token: 'tok-2222',
      birthDate: '1970-01-02',
      otp: '112233',
      lockCode: 'LOCK3333',
      cookies: 'sess=4444',
      authorization: 'Bearer 5555',
    };
    logger.warn(
      {
        ...secrets,
        input: { ...secrets },
        req: { body: { ...secrets }, headers: { cookie: 'a=6666', authorization: 'Bearer 7777' } },
      },
      'caller mistake',
    );
    const line = logs.lines.find((l) => l.includes('caller mistake'))!;
    expectNoSecret(line, { ...secrets, cookie: 'a=6666', auth2: 'Bearer 7777' }, 'pino (redact)');
    expect(line).toContain('[redacted]');
  });

  it('RT-41 an error logged under err keeps its class and SQLSTATE and drops message, detail, query and parameters', () => {
    logs = captureLogs();
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "staff_users_email_unique"'),
      {
        code: '23505',
        constraint: 'staff_users_email_unique',
        table: 'staff_users',
        detail: 'Key (email)=(secret@example.jp) already exists.',
        query: 'insert into staff_users ...',
        parameters: ['secret@example.jp', '$argon2id$v=19$zzz'],
      },
    );
    const err = Object.assign(
      new Error('Failed query: insert into staff_users params: secret@example.jp,$argon2id$v=19$zzz', { cause }),
      { name: 'DrizzleQueryError' },
    );
    logger.error({ err }, 'boom');
    const parsed = JSON.parse(logs.lines.find((l) => l.includes('boom'))!) as { err: unknown };
    expect(parsed.err).toEqual({
      name: 'DrizzleQueryError',
      sqlState: '23505',
      cause: { name: 'Error', sqlState: '23505', constraint: 'staff_users_email_unique', table: 'staff_users' },
    });
  });
});
