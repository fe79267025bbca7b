import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startServer, type RunningServer } from './server';
import { E2E_PORTS } from './ports';

// Two production instances on one PostgreSQL: every limit, lock and flow lives in the database.
const PG = process.env.SCALE_OUT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `e2e_scale_${randomBytes(4).toString('hex')}`;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), IP_MAX_FLOWS_PER_HOUR: '7', ACCOUNT_MAX_FAILURES: '4' };
  a = await startServer({
    port: E2E_PORTS.scaleOut.a,
    env: { ...env, APP_ORIGIN: `http://localhost:${E2E_PORTS.scaleOut.a}` },
  });
  b = await startServer({
    port: E2E_PORTS.scaleOut.b,
    env: { ...env, APP_ORIGIN: `http://localhost:${E2E_PORTS.scaleOut.b}` },
  });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

// The JSON bodies of the recovery API, as far as these tests read them.
type ApiBody = {
  flowToken: string;
  step: string;
  passkeys: unknown[];
  referenceNumber: string;
  messages: { body: string }[];
};

async function api(base: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as ApiBody };
}

describe('scale-out: two app instances, one PostgreSQL', () => {
  it('continues a flow started on one instance on the other, to completion', async () => {
    const start = await api(a.url, '/api/v1/recovery/flows', {});
    expect(start.status).toBe(201);
    const token = start.body.flowToken;
    expect(
      (
        await api(
          b.url,
          '/api/v1/recovery/flow/credentials',
          { loginId: 'demo-locked', password: 'Passw0rd!demo' },
          token,
        )
      ).status,
    ).toBe(200);
    expect((await api(a.url, '/api/v1/recovery/flow/secret-question', { answer: 'ﾎﾟﾁ' }, token)).status).toBe(200);
    expect(
      (
        await api(
          b.url,
          '/api/v1/recovery/flow/account-data',
          { birthDate: '1985-04-12', branchCode: '101', accountNumber: '1234567' },
          token,
        )
      ).status,
    ).toBe(200);
    const mail = await api(a.url, '/api/v1/dev/mailbox?to=locked%40example.jp');
    const code = /(\d{6})/.exec(mail.body.messages[0].body)?.[1];
    expect((await api(b.url, '/api/v1/recovery/flow/otp', { code }, token)).status).toBe(200);
    const state = await api(a.url, '/api/v1/recovery/flow', undefined, token);
    expect(state.body.step).toBe('review');
    expect(state.body.passkeys).toHaveLength(2);
    const [done1, done2] = await Promise.all([
      api(a.url, '/api/v1/recovery/flow/complete', { confirm: true }, token),
      api(b.url, '/api/v1/recovery/flow/complete', { confirm: true }, token),
    ]);
    expect(done1.status).toBe(200);
    expect(done2.status).toBe(200);
    expect(done1.body.referenceNumber).toBe(done2.body.referenceNumber);
    expect(
      (await api(b.url, '/api/v1/session/password', { loginId: 'demo-locked', password: 'Passw0rd!demo' })).status,
    ).toBe(200);
  });

  it('counts per-account failures across instances and locks the account on both', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const base = i % 2 ? b.url : a.url;
      const start = await api(base, '/api/v1/recovery/flows', {});
      const token = start.body.flowToken;
      await api(
        base,
        '/api/v1/recovery/flow/credentials',
        { loginId: 'demo-normal', password: 'Passw0rd!demo' },
        token,
      );
      statuses.push(
        (await api(i % 2 ? a.url : b.url, '/api/v1/recovery/flow/secret-question', { answer: 'タマ' }, token)).status,
      );
    }
    // The 4th failure (ACCOUNT_MAX_FAILURES=4), wherever it lands, locks recovery for the account.
    expect(statuses).toEqual([401, 401, 401, 423]);
    for (const base of [a.url, b.url]) {
      const start = await api(base, '/api/v1/recovery/flows', {});
      const r = await api(
        base,
        '/api/v1/recovery/flow/credentials',
        { loginId: 'demo-normal', password: 'Passw0rd!demo' },
        start.body.flowToken,
      );
      expect(r.status).toBe(423);
    }
  });

  it('shares the per-IP limit on new flows between instances', async () => {
    // 1 + 4 + 2 flows were started above; the limit is 7 an hour from this IP, whichever instance answers.
    const r = await api(b.url, '/api/v1/recovery/flows', {});
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api(a.url, '/api/v1/recovery/flows', {})).status).toBe(429);
  });
});
