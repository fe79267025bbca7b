import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type Db, type DatabaseHandle } from '../../db/client';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { callRoute, createCustomer, flowAt, flowRow } from '../support/recovery-helpers';
import { BUSINESS, expectCompletedOnce } from '../support/recovery-completion';
import {
  clearCompletionHooks,
  installFaultTriggers,
  lockCompletionOn,
  terminateCompletion,
} from '../support/recovery-faults';
import { completeFlow } from '../../lib/recovery';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';

/*
 * PostgreSQL only (two connection pools, a killed backend). The completion transaction (docs/design.md#completion) under faults and concurrency, with the "nothing lost" diff of
 * docs/threat-model.md: snapshot the tables, act, assert the exact difference.
 */

let tdb: TestDatabase;
let db: Db;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.db;
  await installFaultTriggers(db);
});
afterAll(async () => {
  await tdb?.drop();
});
afterEach(async () => {
  await clearCompletionHooks(db);
});

describe('on PostgreSQL, queued behind a held lock and across two app processes', () => {
  let second: DatabaseHandle;
  let admin: postgres.Sql;
  beforeAll(async () => {
    second = await openDatabase({ url: tdb.url!, poolMax: 10 });
    admin = postgres(tdb.url!, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await second?.close();
    await admin?.end();
  });

  it('RT-20 16 completes from two connection pools, all queued while the first holds the row: exactly one commits', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const LOCK = 990_001;
    await admin`select pg_advisory_lock(${LOCK})`;
    const entered = await lockCompletionOn(db, LOCK);
    const running = Array.from({ length: 16 }, (_, i) => completeFlow(i % 2 ? second.db : db, f.token, f.ctx));
    // Wait until one transaction waits on the lock and the others queue behind its row lock.
    let waiting = 0;
    for (let i = 0; i < 400 && waiting < 16; i++) {
      const [w] =
        await admin`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      waiting = w.n;
      if (waiting < 16) await new Promise((r) => setTimeout(r, 25));
    }
    expect(waiting).toBe(16);
    await admin`select pg_advisory_unlock(${LOCK})`;
    const results = await Promise.all(running);
    expect(await entered.calls()).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
    await expectCompletedOnce(db, c, f.flowId, results);
  });
});

describe('RT-23 the backend killed mid-transaction (PostgreSQL)', () => {
  it('RT-23 pg_terminate_backend during completion: rolled back, a generic error, the pool recovers, the retry succeeds once', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const before = await snapshot(db);
    const killed = await terminateCompletion(db);
    const res = await callRoute(complete.POST, {
      path: '/api/v1/recovery/flow/complete',
      token: f.token,
      ip: f.ctx.ip,
      body: { confirm: true },
    });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: 'unavailable' });
    expect(changedTables(before, await snapshot(db)).filter((t) => BUSINESS.includes(t))).toEqual([]);
    expect((await flowRow(db, f.token)).step).toBe('review');
    expect(await killed.calls()).toBe(1);
    await clearCompletionHooks(db);
    const retry = await completeFlow(db, f.token, f.ctx);
    expect(retry.ok).toBe(true);
    await expectCompletedOnce(db, c, f.flowId, [retry]);
  });
});
