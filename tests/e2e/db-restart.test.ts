import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import postgres from 'postgres';
import { startServer, type RunningServer } from './server';
import { createCustomer, type TestCustomer } from '../support/recovery-helpers';
import { E2E_PORTS } from './ports';

/*
 * RT-25 (docs/threat-model.md#rt-25): PostgreSQL restarted under a running production server (`node server.mjs`, its
 * own scratch database). Flows at every step are in progress, and requests keep arriving while the
 * server goes down and comes back. Every answer is either a normal one or a clean 503 JSON error —
 * never a 500 — and every flow is either done with all its effects or still at its step with none of
 * them; afterwards the pool reconnects, every flow carries on to the end and new flows start.
 * This restarts the machine's PostgreSQL: it belongs in the e2e suite, which runs alone.
 */

const PG = process.env.DB_RESTART_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `e2e_restart_${randomBytes(4).toString('hex')}`;
const PORT = E2E_PORTS.dbRestart;
const cluster = readdirSync('/etc/postgresql')[0];
let url: string;
let server: RunningServer;
let obs: postgres.Sql;
const people: TestCustomer[] = [];
let serverOutput = '';

function pgReady(): boolean {
  return spawnSync('pg_isready', ['-h', '127.0.0.1', '-q']).status === 0;
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(PG);
  u.pathname = `/${name}`;
  url = u.toString();
  server = await startServer({
    port: PORT,
    // Every request comes from this one address: the per-IP limits must not be what answers.
    env: {
      DATABASE_URL: url,
      APP_ORIGIN: `http://localhost:${PORT}`,
      LOG_LEVEL: 'info',
      IP_MAX_FLOWS_PER_HOUR: '1000',
      IP_MAX_ATTEMPTS_PER_HOUR: '5000',
    },
    prepare: async (db) => {
      for (let i = 0; i < 5; i++) people.push(await createCustomer(db));
    },
  });
  server.proc.stdout?.on('data', (d) => {
    serverOutput += d;
  });
  server.proc.stderr?.on('data', (d) => {
    serverOutput += d;
  });
  obs = postgres(url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  // Whatever happened, leave PostgreSQL running for everyone else.
  if (!pgReady())
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'start'], { stdio: 'inherit' });
  await waitFor('pg_isready', pgReady).catch(() => {});
  await obs?.end({ timeout: 1 }).catch(() => {});
  await server?.stop();
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

type Reply = { status: number; body: Record<string, unknown>; raw: string };

async function api(path: string, body?: unknown, token?: string, method?: string): Promise<Reply> {
  const res = await fetch(`http://localhost:${PORT}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const raw = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = { unparsable: raw.slice(0, 200) };
  }
  return { status: res.status, body: parsed, raw };
}

async function latestCode(email: string): Promise<string> {
  const [row] =
    await obs`select body_text from notification_outbox where to_address = ${email} and template = 'recovery_otp' order by created_at desc limit 1`;
  return /確認コード：(\d{6})/.exec(row.body_text as string)![1];
}

const STEPS = ['credentials', 'secret_question', 'account_data', 'otp', 'review'] as const;
type Step = (typeof STEPS)[number];

/** The next step of a flow with the right evidence (`code`: the emailed code, when already read). */
async function pass(c: TestCustomer, token: string, step: Step, code?: string): Promise<Reply> {
  switch (step) {
    case 'credentials':
      return api('/api/v1/recovery/flow/credentials', { loginId: c.loginId, password: c.password }, token);
    case 'secret_question':
      return api('/api/v1/recovery/flow/secret-question', { answer: c.answer }, token);
    case 'account_data':
      return api(
        '/api/v1/recovery/flow/account-data',
        { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
        token,
      );
    case 'otp':
      return api('/api/v1/recovery/flow/otp', { code: code ?? (await latestCode(c.email)) }, token);
    case 'review':
      return api('/api/v1/recovery/flow/complete', { confirm: true }, token);
  }
}

async function startAt(c: TestCustomer, step: Step): Promise<string> {
  const s = await api('/api/v1/recovery/flows', {});
  expect(s.status).toBe(201);
  const token = s.body.flowToken as string;
  for (const st of STEPS) {
    if (st === step) break;
    expect((await pass(c, token, st)).status).toBe(200);
  }
  return token;
}

/** What the database says about a flow and its customer: either done with every effect, or at a step with none. */
async function state(c: TestCustomer, token: string) {
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const [f] =
    await obs`select id, step::text as step, password_verified_at, otp_verified_at, otp_hash, completed_at, reference_number from recovery_flows where token_hash = ${tokenHash}`;
  const [cust] = await obs`select password_login_enabled from customers where login_id = ${c.loginId}`;
  const [k] =
    await obs`select count(*) filter (where revoked_at is null)::int as active, count(*) filter (where revoked_by = ${`recovery:${f.id}`})::int as revoked from passkeys p join customers c on c.id = p.customer_id where c.login_id = ${c.loginId}`;
  const [a] =
    await obs`select count(*)::int as n from audit_events where action = 'recovery.completed' and flow_id = ${f.id}`;
  const [m] =
    await obs`select count(*)::int as n from notification_outbox where to_address = ${c.email} and template = 'recovery_completed'`;
  return {
    flow: f,
    passwordLogin: cust.password_login_enabled as boolean,
    active: k.active as number,
    revoked: k.revoked as number,
    audits: a.n as number,
    mails: m.n as number,
  };
}

function expectWholeOrNothing(s: Awaited<ReturnType<typeof state>>) {
  if (s.flow.step === 'done') {
    expect({
      step: s.flow.step,
      ref: !!s.flow.reference_number,
      completed: !!s.flow.completed_at,
      passwordLogin: s.passwordLogin,
      active: s.active,
      revoked: s.revoked,
      audits: s.audits,
      mails: s.mails,
    }).toEqual({
      step: 'done',
      ref: true,
      completed: true,
      passwordLogin: true,
      active: 0,
      revoked: 2,
      audits: 1,
      mails: 1,
    });
  } else {
    expect(STEPS).toContain(s.flow.step);
    expect({
      passwordLogin: s.passwordLogin,
      active: s.active,
      revoked: s.revoked,
      audits: s.audits,
      mails: s.mails,
      completed: s.flow.completed_at,
    }).toEqual({ passwordLogin: false, active: 2, revoked: 0, audits: 0, mails: 0, completed: null });
    // The verified markers agree with the step: nothing is recorded half-way.
    expect(!!s.flow.password_verified_at).toBe(s.flow.step !== 'credentials');
    expect(!!s.flow.otp_verified_at).toBe(s.flow.step === 'review');
    expect(!!s.flow.otp_hash).toBe(s.flow.step === 'otp');
  }
}

describe('PostgreSQL restarted under the running app', () => {
  it('flows in progress resume or fail cleanly (200 or a clean 503, never a 500, never half-done), and the pool reconnects', async () => {
    expect(pgReady()).toBe(true);
    // One flow at each step, and one more at review that will be confirmed while the server restarts.
    const flows = await Promise.all(
      STEPS.map(async (step, i) => ({ c: people[i], step, token: await startAt(people[i], step) })),
    );
    const racing = flows.find((f) => f.step === 'review')!;
    const code = await latestCode(flows.find((f) => f.step === 'otp')!.c.email);
    // Each of the others submits its step once, one per round, while PostgreSQL goes away.
    const oneShots = flows.filter((f) => f.step !== 'review');

    const replies: { what: string; r: Reply }[] = [];
    const restart = spawn('pg_ctlcluster', ['--skip-systemctl-redirect', cluster, 'main', 'restart'], {
      stdio: 'ignore',
    });
    const restarted = new Promise<number | null>((r) => restart.once('exit', r));
    let done = false;
    void restarted.then(() => {
      done = true;
    });
    // Keep asking while PostgreSQL stops and starts: confirm, the code, read the flow, start a new one.
    const load = (async () => {
      for (let round = 0; !done; round++) {
        const shot = oneShots[round];
        const batch = await Promise.all([
          api('/api/v1/recovery/flow/complete', { confirm: true }, racing.token).then((r) => ({ what: 'complete', r })),
          api('/api/v1/recovery/flow', undefined, flows[1].token).then((r) => ({ what: 'get', r })),
          api('/api/v1/recovery/flows', {}).then((r) => ({ what: 'start', r })),
          ...(shot ? [pass(shot.c, shot.token, shot.step, code).then((r) => ({ what: shot.step, r }))] : []),
        ]);
        replies.push(...batch);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    expect(await restarted).toBe(0);
    await load;
    await waitFor('pg_isready', pgReady);

    // Every answer during the outage: a normal one or the clean 503 of docs/design.md#api — JSON, no stack, never 500.
    expect(replies.length).toBeGreaterThan(0);
    for (const { what, r } of replies) {
      expect({ what, status: r.status, expected: [200, 201, 503].includes(r.status) }).toMatchObject({
        what,
        expected: true,
      });
      expect(r.body.unparsable).toBeUndefined();
      expect(r.raw).not.toMatch(/\bat \S+ \(|node_modules|ECONN|Error:/);
      if (r.status === 503) expect(r.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
    }
    const unavailable = replies.filter(({ r }) => r.status === 503).length;
    console.info(`db-restart: ${replies.length} requests during the restart, ${unavailable} answered 503`);
    // Requests never stop while the restart runs, so some of them met the database down.
    expect(unavailable).toBeGreaterThan(0);

    // The pool reconnects on its own: health and new flows work again.
    await waitFor('the app to reach the database', async () => (await fetch(`http://localhost:${PORT}/api/health`)).ok);
    for (const f of flows) expectWholeOrNothing(await state(f.c, f.token));

    // Every flow carries on from where it stands to the end.
    for (const f of flows) {
      let s = (await state(f.c, f.token)).flow.step as string;
      while (s !== 'done') {
        const r = await pass(f.c, f.token, s as Step, s === 'otp' ? await latestCode(f.c.email) : undefined);
        expect({ step: s, status: r.status }).toEqual({ step: s, status: 200 });
        s = (await state(f.c, f.token)).flow.step;
      }
      expectWholeOrNothing(await state(f.c, f.token));
      // A completed flow replayed answers its stored result.
      const again = await api('/api/v1/recovery/flow/complete', { confirm: true }, f.token);
      expect(again.status).toBe(200);
      expect(again.body.referenceNumber).toBe((await state(f.c, f.token)).flow.reference_number);
    }
    expect((await api('/api/v1/recovery/flows', {})).status).toBe(201);
    expect(
      (await api('/api/v1/session/password', { loginId: people[0].loginId, password: people[0].password })).status,
    ).toBe(200);

    // The server's own log lines through all this: JSON, and no secret in any of them.
    const secrets = people.flatMap((p) => [p.password, p.accountNumber, p.birthDate]).concat(flows.map((f) => f.token));
    for (const line of serverOutput.split('\n').filter(Boolean)) {
      for (const s of secrets) expect(line).not.toContain(s);
    }
  });
});
