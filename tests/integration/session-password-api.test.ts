import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST } from '@/app/api/v1/session/password/route';
import { seedDemo } from '@/db/seed/demo';
import { hashStats } from '@/lib/auth/password';
import { createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { socketHeaders } from '../support/socket';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});
afterAll(async () => {
  await t?.drop();
});

let ipSeq = 0;
function call(body: string, ip = `192.0.2.${++ipSeq % 250}`) {
  return POST(
    new Request('http://localhost/api/v1/session/password', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...socketHeaders(ip) },
    }),
  );
}

describe('POST /api/v1/session/password', () => {
  it('refuses demo-locked with 403 passkey_required and the help link', async () => {
    const res = await call(JSON.stringify({ loginId: 'demo-locked', password: 'Passw0rd!demo' }));
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body.error.code).toBe('passkey_required');
    expect(body.error.message).toBe('パスキーが作成されているためログインできません');
    expect(body.error.helpUrl).toMatch(/\/help\/login-trouble$/);
  });

  it('lets demo-normal in with 200 {ok: true}', async () => {
    const res = await call(JSON.stringify({ loginId: 'demo-normal', password: 'Passw0rd!demo' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('normalizes the login ID (full-width, upper case) before looking it up', async () => {
    const res = await call(
      JSON.stringify({ loginId: 'ＤＥＭＯ－ｎｏｒｍａｌ'.replace('－', '-'), password: 'Passw0rd!demo' }),
    );
    expect(res.status).toBe(200);
  });

  it('gives an unknown ID and a wrong password the identical 401 body, each with one argon2 verify', async () => {
    const before = hashStats.verifies;
    const unknown = await call(JSON.stringify({ loginId: 'no-such-customer', password: 'Passw0rd!demo' }));
    const afterUnknown = hashStats.verifies;
    const wrong = await call(JSON.stringify({ loginId: 'demo-normal', password: 'not-the-password' }));
    expect(afterUnknown - before).toBe(1);
    expect(hashStats.verifies - afterUnknown).toBe(1);
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.text()).toBe(await wrong.text());
    expect([...unknown.headers.keys()].sort()).toEqual([...wrong.headers.keys()].sort());
  });

  it('does not reveal the passkey policy to a wrong password on a passkey account', async () => {
    const res = await call(JSON.stringify({ loginId: 'demo-locked', password: 'wrong' }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('invalid_credentials');
  });

  it.each([
    ['malformed JSON', '{"loginId": "demo-normal", "password": '],
    ['an empty body', ''],
    ['missing password', JSON.stringify({ loginId: 'demo-normal' })],
    ['missing login ID', JSON.stringify({ password: 'x' })],
    ['wrong types', JSON.stringify({ loginId: 42, password: ['a'] })],
    ['a 10 kB login ID', JSON.stringify({ loginId: 'a'.repeat(10_000), password: 'x' })],
    ['a 10 kB password', JSON.stringify({ loginId: 'demo-normal', password: 'x'.repeat(10_000) })],
    ['a JSON array', '[1,2,3]'],
    ['null', 'null'],
  ])('answers %s with 400 invalid_input and changes nothing', async (_name, body) => {
    const before = await snapshot(t.db, ['customers', 'passkeys', 'audit_events']);
    const res = await call(body);
    expect(res.status).toBe(400);
    const json = await res.json();
    expect(json.error.code).toBe('invalid_input');
    expect(JSON.stringify(json)).not.toMatch(/at \w+ \(|stack/i);
    expect(await snapshot(t.db, ['customers', 'passkeys', 'audit_events'])).toEqual(before);
  });

  it('RT-40 answers a 20 kB body with 413 payload_too_large (read no further than 16 KiB) and changes nothing', async () => {
    const before = await snapshot(t.db, ['customers', 'passkeys', 'audit_events']);
    const res = await call(JSON.stringify({ loginId: 'demo-normal', password: 'x', pad: 'y'.repeat(20_000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(await snapshot(t.db, ['customers', 'passkeys', 'audit_events'])).toEqual(before);
  });

  it('answers 429 with Retry-After once one IP exceeds its hourly login budget', async () => {
    process.env.IP_MAX_LOGINS_PER_HOUR = '3';
    const { resetEnvCache } = await import('@/lib/config/env');
    resetEnvCache();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await call(JSON.stringify({ loginId: 'demo-normal', password: 'wrong' }), '198.51.100.7')).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
      const res = await call(JSON.stringify({ loginId: 'demo-normal', password: 'Passw0rd!demo' }), '198.51.100.7');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      delete process.env.IP_MAX_LOGINS_PER_HOUR;
      resetEnvCache();
    }
  });
});

describe('POST /api/v1/session/password with the database unreachable', () => {
  it('answers a clean 503 unavailable, never a 500 or a stack trace', async () => {
    const { openDatabase, setDbForTests } = await import('@/db/client');
    // A database handle that is already closed: every query fails, as when the server is gone.
    const dead = await openDatabase(
      process.env.DATABASE_URL ? { url: t.url!, poolMax: 1 } : { pgliteDir: 'memory://' },
    );
    await dead.close();
    setDbForTests(dead);
    try {
      const res = await call(JSON.stringify({ loginId: 'demo-normal', password: 'Passw0rd!demo' }));
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text).error.code).toBe('unavailable');
      expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:/);
    } finally {
      setDbForTests(t);
    }
  });
});
