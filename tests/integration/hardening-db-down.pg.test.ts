import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { hashStats } from '../../lib/auth/password';
import { hit } from '../../lib/rate-limit';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { callRoute, createCustomer, flowAt, flowRow, latestOtp, outboxCount } from '../support/recovery-helpers';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';

/*
 * RT-25 on a real PostgreSQL server: the test's own database stops taking connections and every
 * open one is terminated (ALTER DATABASE … ALLOW_CONNECTIONS false + pg_terminate_backend), with the
 * app's real pool still installed; then it is allowed again and the same pool reconnects. And a
 * backend that dies inside the step that stores the code hash and queues its email.
 */

let tdb: TestDatabase;
let admin: postgres.Sql;

beforeAll(async () => {
  tdb = await createTestDatabase();
  admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin?.unsafe(`alter database ${tdb.name} allow_connections true`).catch(() => {});
  await admin?.end();
  await tdb?.drop();
});

async function takeDatabaseDown() {
  await admin.unsafe(`alter database ${tdb.name} allow_connections false`);
  await admin.unsafe(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${tdb.name}' and pid <> pg_backend_pid()`,
  );
}

async function bringDatabaseBack() {
  await admin.unsafe(`alter database ${tdb.name} allow_connections true`);
}

/** The first queries after the outage may still meet a connection that died with it: retry those. */
async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 20; i++) {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  return last!;
}

function expectClean503(res: Awaited<ReturnType<typeof callRoute>>) {
  expect(res.status).toBe(503);
  expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
  expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|ECONN|CONNECTION_|postgres|allow|terminat|Error:/i);
}

describe('RT-25 the real server stops taking connections between two steps', () => {
  it('RT-25 the database refusing connections and its backends killed: clean 503s, nothing advances, no limiter lets a request through; the same pool carries the flow on afterwards', async () => {
    const c = await createCustomer(tdb.db);
    const at = await flowAt(tdb.db, c, 'otp');
    const code = await latestOtp(tdb.db, c.email);
    const ip = at.ctx.ip;
    const before = await snapshot(tdb.db);
    const verifies = hashStats.verifies;

    await takeDatabaseDown();
    try {
      expectClean503(await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip }));
      expectClean503(
        await callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token: at.token, ip, body: { code } }),
      );
      expectClean503(
        await callRoute(complete.POST, {
          path: '/api/v1/recovery/flow/complete',
          token: at.token,
          ip,
          body: { confirm: true },
        }),
      );
      await expect(hit(tdb.db, `recovery:attempts:ip:${ip}`, 100, 3600_000)).rejects.toThrow();
      expect(hashStats.verifies).toBe(verifies);
    } finally {
      await bringDatabaseBack();
    }

    expect(changedTables(before, await snapshot(tdb.db))).toEqual([]);
    const s4 = await eventually(
      () => callRoute(otp.POST, { path: '/api/v1/recovery/flow/otp', token: at.token, ip, body: { code } }),
      (r) => r.status !== 503,
    );
    expect(s4.status).toBe(200);
    expect(s4.body.step).toBe('review');
    const done = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: at.token,
      ip,
      body: { confirm: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.revokedPasskeys).toBe(2);
  });

  it('RT-25 the backend dies inside the step that stores the code hash and queues its email: neither is kept, and the step passes once it is back', async () => {
    const c = await createCustomer(tdb.db);
    const at = await flowAt(tdb.db, c, 'account_data');
    await tdb.db.execute(
      sql.raw(`
      create or replace function hardening_die() returns trigger language plpgsql as $$
      begin perform pg_terminate_backend(pg_backend_pid()); return new; end $$`),
    );
    await tdb.db.execute(
      sql.raw(`create trigger hardening_die before insert on notification_outbox
      for each row when (new.to_address = '${c.email}') execute function hardening_die()`),
    );
    let res;
    try {
      res = await callRoute(accountData.POST, {
        path: '/api/v1/recovery/flow/account-data',
        token: at.token,
        ip: at.ctx.ip,
        body: { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
      });
    } finally {
      await eventually(
        () =>
          tdb.db.execute(sql.raw('drop trigger if exists hardening_die on notification_outbox')).then(
            () => true,
            () => false,
          ),
        Boolean,
      );
    }
    expectClean503(res);
    expect(await flowRow(tdb.db, at.token)).toMatchObject({ step: 'account_data', otpHash: null, otpSends: 0 });
    expect(await outboxCount(tdb.db, c.email)).toBe(0);
    const again = await callRoute(accountData.POST, {
      path: '/api/v1/recovery/flow/account-data',
      token: at.token,
      ip: at.ctx.ip,
      body: { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
    });
    expect(again.status).toBe(200);
    expect(await outboxCount(tdb.db, c.email, 'recovery_otp')).toBe(1);
  });
});
