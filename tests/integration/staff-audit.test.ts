import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { appendAudit } from '../../lib/audit';
import { logger } from '../../lib/log';
import { AUDIT_PAGE_SIZE, checkAuditChain, queryAuditLog, requestFullAuditCheck } from '../../lib/staff/audit-log';
import { runQueuedFullChecks, verifyAndCheckpoint } from '../../lib/audit/jobs';
import { requestForcedReset } from '../../lib/staff/forced-reset';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
  await requestForcedReset(t.db, cast.operator, resetRequestInput(cast.demoLockedId), { ip: '192.0.2.1' });
  for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
    await appendAudit(t.db, {
      actor: { type: 'customer', id: cast.demoNormalId },
      customerId: cast.demoNormalId,
      action: 'login.password.failed',
      details: { i },
    });
  }
});
afterAll(async () => {
  await t?.drop();
});

describe('/staff/audit: the filterable log', () => {
  it('filters by action prefix, customer login ID, staff email and date range', async () => {
    const byAction = await queryAuditLog(t.db, cast.viewer, { action: 'staff.forced_reset' });
    expect(byAction.ok && byAction.data.rows.map((r) => r.action)).toEqual(['staff.forced_reset.requested']);
    if (!byAction.ok) return;
    expect(byAction.data.rows[0]).toMatchObject({
      actorName: '鈴木 一郎（オペレーター）',
      customerLoginId: 'demo-locked',
    });

    const byCustomer = await queryAuditLog(t.db, cast.viewer, { customer: 'ＤＥＭＯ-Locked' });
    expect(byCustomer.ok && byCustomer.data.rows.every((r) => r.customerLoginId === 'demo-locked')).toBe(true);

    const byActor = await queryAuditLog(t.db, cast.viewer, { actor: 'operator@example.jp' });
    expect(byActor.ok && byActor.data.rows.length).toBeGreaterThan(0);
    expect(byActor.ok && byActor.data.rows.every((r) => r.actorName === '鈴木 一郎（オペレーター）')).toBe(true);

    const unknownActor = await queryAuditLog(t.db, cast.viewer, { actor: 'nobody@example.jp' });
    expect(unknownActor).toMatchObject({ ok: true, data: { rows: [] } });

    const future = await queryAuditLog(t.db, cast.viewer, { from: '2999-01-01' });
    expect(future).toMatchObject({ ok: true, data: { rows: [] } });
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const todays = await queryAuditLog(t.db, cast.viewer, { from: today, to: today });
    expect(todays.ok && todays.data.rows.length).toBe(AUDIT_PAGE_SIZE);
  });

  it('pages with a stable cursor', async () => {
    const p1 = await queryAuditLog(t.db, cast.viewer, { action: 'login.password.failed' });
    if (!p1.ok) throw new Error('refused');
    expect(p1.data.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(p1.data.nextBefore).not.toBeNull();
    const p2 = await queryAuditLog(t.db, cast.viewer, {
      action: 'login.password.failed',
      before: String(p1.data.nextBefore),
    });
    if (!p2.ok) throw new Error('refused');
    expect(p2.data.rows).toHaveLength(5);
    expect(p2.data.nextBefore).toBeNull();
    expect(Math.max(...p2.data.rows.map((r) => r.id))).toBeLessThan(Math.min(...p1.data.rows.map((r) => r.id)));
  });

  it('pages a date range newest first with a stable cursor', async () => {
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const p1 = await queryAuditLog(t.db, cast.viewer, { from: today, to: today });
    if (!p1.ok) throw new Error('refused');
    expect(p1.data.rows).toHaveLength(AUDIT_PAGE_SIZE);
    const p2 = await queryAuditLog(t.db, cast.viewer, { from: today, to: today, before: String(p1.data.nextBefore) });
    if (!p2.ok) throw new Error('refused');
    const all = await t.db.select({ id: auditEvents.id }).from(auditEvents);
    const seen = [...p1.data.rows, ...p2.data.rows].map((r) => r.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Math.min(all.length, 2 * AUDIT_PAGE_SIZE));
    expect(p2.data.rows[0].at.getTime()).toBeLessThanOrEqual(p1.data.rows[AUDIT_PAGE_SIZE - 1].at.getTime());
  });

  it('bad filters are a 400 with field errors, and LIKE wildcards are taken literally', async () => {
    expect(await queryAuditLog(t.db, cast.viewer, { from: '2026-13-45' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
      fieldErrors: { from: 'date_format' },
    });
    expect(await queryAuditLog(t.db, cast.viewer, { action: '%' })).toMatchObject({ ok: true, data: { rows: [] } });
  });
});

describe('the hash-chain check', () => {
  it('is for admins only', async () => {
    expect(await checkAuditChain(t.db, cast.operator)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await checkAuditChain(t.db, cast.viewer)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('shows the last result a job recorded (never verifies in the request): intact on an untouched log', async () => {
    expect(await checkAuditChain(t.db, cast.admin)).toMatchObject({ ok: true, data: { latest: null, active: null } });
    await verifyAndCheckpoint(t.db, { keys: null });
    expect(await checkAuditChain(t.db, cast.admin)).toMatchObject({
      ok: true,
      data: { latest: { kind: 'incremental', status: 'done', ok: true } },
    });
  });

  it('a full check an admin starts is queued, run by the job with its progress recorded, and shown', async () => {
    const queued = await requestFullAuditCheck(t.db, cast.admin);
    expect(queued).toMatchObject({ ok: true, data: { queued: true } });
    expect(await requestFullAuditCheck(t.db, cast.admin)).toMatchObject({ ok: true, data: { queued: false } });
    expect(await requestFullAuditCheck(t.db, cast.operator)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await checkAuditChain(t.db, cast.admin)).toMatchObject({
      ok: true,
      data: { active: { kind: 'full', status: 'queued' } },
    });
    expect(await runQueuedFullChecks(t.db, { keys: null, batchSize: 10 })).toEqual({ ran: 1, ok: true });
    const after = await checkAuditChain(t.db, cast.admin);
    expect(after).toMatchObject({
      ok: true,
      data: { active: null, latest: { kind: 'full', ok: true }, latestFull: { kind: 'full', ok: true } },
    });
    expect(after.ok && after.data.latest!.checkedRows).toBeGreaterThan(AUDIT_PAGE_SIZE);
  });

  it('after later incremental runs, shows the newest run and still the last full check beside it', async () => {
    const before = await checkAuditChain(t.db, cast.admin);
    const fullId = before.ok ? before.data.latestFull?.id : undefined;
    expect(fullId).toBeTypeOf('number');
    for (let i = 0; i < 3; i++) {
      await appendAudit(t.db, {
        actor: { type: 'customer', id: cast.demoNormalId },
        customerId: cast.demoNormalId,
        action: 'login.password.failed',
        details: { later: i },
      });
      await verifyAndCheckpoint(t.db, { keys: null });
    }
    const after = await checkAuditChain(t.db, cast.admin);
    expect(after).toMatchObject({
      ok: true,
      data: {
        latest: { kind: 'incremental', status: 'done', ok: true },
        latestFull: { id: fullId, kind: 'full', ok: true },
        active: null,
      },
    });
    expect(after.ok && after.data.latest!.id).toBeGreaterThan(fullId!);
  });

  it('the append-only trigger refuses an UPDATE of an audit row', async () => {
    await expect(
      t.db.execute(sql`update audit_events set action = 'x' where id = (select min(id) from audit_events)`),
    ).rejects.toThrow();
  });

  it('a row tampered with directly in SQL (trigger disabled) breaks the chain at that row, and it is logged', async () => {
    const rows = await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id));
    const victim = rows[Math.floor(rows.length / 2)].id;
    await t.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
    await t.db.execute(sql`update audit_events set details = '{"i": 999}'::jsonb where id = ${victim}`);
    await t.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);

    const error = vi.spyOn(logger, 'error');
    await requestFullAuditCheck(t.db, cast.admin);
    await runQueuedFullChecks(t.db, { keys: null });
    const res = await checkAuditChain(t.db, cast.admin);
    expect(res).toMatchObject({
      ok: true,
      data: { latest: { ok: false, broken: [{ fromId: victim, toId: victim, reasons: ['hash_mismatch'] }] } },
    });
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'audit.chain.broken',
        firstBroken: expect.objectContaining({ fromId: victim }),
      }),
      expect.any(String),
    );
    error.mockRestore();
    // The trigger is back on.
    await expect(t.db.execute(sql`update audit_events set action = 'x' where id = ${victim}`)).rejects.toThrow();
  });
});
