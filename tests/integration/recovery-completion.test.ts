import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { changedTables, createTestDatabase, snapshot, type Snapshot, type TestDatabase } from '../support/db';
import { auditCount, callRoute, createCustomer, flowAt, flowRow, latestOtp } from '../support/recovery-helpers';
import { BUSINESS, activePasskeys, expectCompletedOnce } from '../support/recovery-completion';
import { clearCompletionHooks, failCompletionAt, installFaultTriggers } from '../support/recovery-faults';
import { completeFlow, submitOtp } from '../../lib/recovery';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';

/*
 * The completion transaction (docs/design.md#completion) under faults and concurrency, with the "nothing lost" diff of
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

async function newAuditActions(before: number): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    db,
    sql`select action from audit_events where id > ${before} order by id`,
  );
  return rows.map((r) => r.action);
}

async function lastAuditId(): Promise<number> {
  const [r] = await queryRows<{ id: string | number | null }>(db, sql`select max(id) as id from audit_events`);
  return Number(r.id ?? 0);
}

async function bucketTotal(): Promise<number> {
  const [r] = await queryRows<{ n: string | number | null }>(
    db,
    sql`select coalesce(sum(count), 0) as n from rate_limit_buckets`,
  );
  return Number(r.n);
}

describe('RT-19 a fault at each statement of completion', () => {
  for (const target of ['passkeys', 'customers', 'audit_events', 'notification_outbox', 'commit']) {
    it(`RT-19 a fault at ${target} leaves nothing changed, the flow at review, and a retry succeeds`, async () => {
      const c = await createCustomer(db);
      const f = await flowAt(db, c, 'review');
      const before: Snapshot = await snapshot(db);
      const auditBefore = await lastAuditId();
      const bucketsBefore = await bucketTotal();
      const hook = await failCompletionAt(db, target);

      const res = await callRoute(complete.POST, {
        path: '/api/v1/recovery/flow/complete',
        token: f.token,
        ip: f.ctx.ip,
        body: { confirm: true },
      });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toMatch(/injected|fault|trigger|stack/i);
      expect(await hook.calls()).toBe(1); // not a retryable error: tried once

      const after = await snapshot(db);
      expect(changedTables(before, after).filter((t) => BUSINESS.includes(t))).toEqual([]);
      // What does change is the trace of the attempt: the audit row of the failure, and the attempt
      // counter, which no rollback gives back.
      expect(await newAuditActions(auditBefore)).toEqual(['recovery.complete_failed']);
      expect(await bucketTotal()).toBe(bucketsBefore + 1);
      expect((await flowRow(db, f.token)).step).toBe('review');
      expect(await activePasskeys(db, c.id)).toHaveLength(2);

      await clearCompletionHooks(db);
      const retry = await completeFlow(db, f.token, f.ctx);
      expect(retry.ok).toBe(true);
      await expectCompletedOnce(db, c, f.flowId, [retry]);
    });
  }
});

describe('RT-20 concurrent completes of one flow', () => {
  it('RT-20 16 concurrent completes → one commit, one reference number, one email', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const auditBefore = await lastAuditId();
    const results = await Promise.all(Array.from({ length: 16 }, () => completeFlow(db, f.token, f.ctx)));
    expect(results.every((r) => r.ok)).toBe(true);
    await expectCompletedOnce(db, c, f.flowId, results);
    expect((await newAuditActions(auditBefore)).filter((a) => a === 'recovery.completed')).toHaveLength(1);
  });
});

describe('RT-21 the same valid OTP submitted 8 times at once', () => {
  it('RT-21 exactly one submission succeeds (guarded UPDATE, row count)', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'otp');
    const code = await latestOtp(db, c.email);
    const results = await Promise.all(Array.from({ length: 8 }, () => submitOtp(db, f.token, { code }, f.ctx)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(['wrong_step', 'verification_failed']).toContain(r.error.code);
    expect(await auditCount(db, 'recovery.otp.passed', { flowId: f.flowId })).toBe(1);
    const row = await flowRow(db, f.token);
    expect(row).toMatchObject({ step: 'review', otpHash: null, failedAttempts: 0 });
  });
});

describe('RT-22 serialization failures and deadlocks are retried', () => {
  for (const sqlstate of ['40001', '40P01']) {
    it(`RT-22 ${sqlstate} injected twice: the whole transaction is retried and applied once`, async () => {
      const c = await createCustomer(db);
      const f = await flowAt(db, c, 'review');
      const hook = await failCompletionAt(db, `passkeys:${sqlstate}`, 2);
      const res = await completeFlow(db, f.token, f.ctx);
      expect(res.ok).toBe(true);
      expect(await hook.calls()).toBe(3);
      await expectCompletedOnce(db, c, f.flowId, [res]);
    });
  }

  it('RT-22 a retryable fault on every attempt gives up after 3 and changes nothing', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const before = await snapshot(db);
    const hook = await failCompletionAt(db, 'notification_outbox:40001');
    expect(await completeFlow(db, f.token, f.ctx)).toEqual({ ok: false, error: { code: 'unavailable' } });
    expect(await hook.calls()).toBe(3);
    expect(changedTables(before, await snapshot(db)).filter((t) => BUSINESS.includes(t))).toEqual([]);
    await clearCompletionHooks(db);
    await expectCompletedOnce(db, c, f.flowId, [await completeFlow(db, f.token, f.ctx)]);
  });

  it('RT-22 other errors are not retried', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'review');
    const hook = await failCompletionAt(db, 'customers:23514');
    expect(await completeFlow(db, f.token, f.ctx)).toEqual({ ok: false, error: { code: 'unavailable' } });
    expect(await hook.calls()).toBe(1);
    expect((await flowRow(db, f.token)).step).toBe('review');
  });
});
