import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  customers,
  notificationOutbox,
  passkeys,
  recoveryFlows,
  staffResetRequests,
  auditEvents,
} from '../../db/schema';
import { DEMO_PASSWORD } from '../../db/seed/demo';
import { isCustomerSessionValid, passwordLogin } from '../../lib/auth/customer-login';
import {
  approveForcedReset,
  cancelForcedReset,
  rejectForcedReset,
  requestForcedReset,
  unlockCustomerRecovery,
} from '../../lib/staff/forced-reset';
import { getCustomerView } from '../../lib/staff/customers';
import { verifyAuditChain } from '../../lib/audit';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { lastAudit, resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;
const ctx = { ip: '203.0.113.7', userAgent: 'vitest' };

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterAll(async () => {
  await t?.drop();
});

type Staff = StaffCast['operator'];

/** A forced-reset request by `staff` for the customer, with the fixture's checklist unless overridden. */
function request(staff: Staff, customerId: string, over: Record<string, unknown> = {}) {
  return requestForcedReset(t.db, staff, resetRequestInput(customerId, over), ctx);
}

/** demo-locked signs in with the demo password, from `ip`. */
function loginDemoLocked(ip: string) {
  return passwordLogin(t.db, { loginId: 'demo-locked', password: DEMO_PASSWORD }, { ip, channel: 'web' });
}

/** `staff` lifts demo-normal's recovery lock, saying why. */
function unlockDemoNormal(staff: Staff) {
  return unlockCustomerRecovery(t.db, staff, { customerId: cast.demoNormalId, reason: '電話で本人確認済み' }, ctx);
}

async function pendingRequestId(customerId: string): Promise<string> {
  const [r] = await t.db
    .select()
    .from(staffResetRequests)
    .where(and(eq(staffResetRequests.customerId, customerId), eq(staffResetRequests.status, 'pending')));
  return r.id;
}

describe('RT-28 phone-verified forced reset (four-eyes)', () => {
  it('before the reset, demo-locked cannot log in with the password (passkey policy)', async () => {
    const res = await loginDemoLocked('198.51.100.1');
    expect(res).toEqual({ ok: false, code: 'passkey_required' });
  });

  it('a viewer cannot request a forced reset: 403, only the refusal is audited', async () => {
    const before = await snapshot(t.db);
    const res = await request(cast.viewer, cast.demoLockedId);
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
    const after = await snapshot(t.db);
    expect(changedTables(before, after)).toEqual(['audit_events']);
    expect(after.audit_events.count).toBe(before.audit_events.count + 1);
    const denial = await lastAudit(t.db);
    expect(denial.action).toBe('staff.action.denied');
    expect(denial.details).toMatchObject({ attempted: 'staff.forced_reset.request', reason: 'role', role: 'viewer' });
  });

  it('a request without enough verified items is refused as invalid input and writes nothing', async () => {
    const before = await snapshot(t.db);
    const res = await request(cast.operator, cast.demoLockedId, {
      checklist: { name: true, birthDate: false, address: true, registeredPhone: true, recentTrade: true },
    });
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid_input',
      fieldErrors: { checklist: 'checklist_insufficient' },
    });
    const res2 = await request(cast.operator, cast.demoLockedId, {
      checklist: { name: true, birthDate: true, address: false, registeredPhone: false, recentTrade: true },
    });
    expect(res2).toMatchObject({ ok: false, code: 'invalid_input' });
    const res3 = await request(cast.operator, cast.demoLockedId, { caseNumber: '', reason: '' });
    expect(res3).toMatchObject({
      ok: false,
      fieldErrors: { caseNumber: expect.any(String), reason: expect.any(String) },
    });
    expect(changedTables(before, await snapshot(t.db))).toEqual([]);
  });

  it('an operator records the checklist, reason and case number: a pending request, audited with the name', async () => {
    const res = await request(cast.operator, cast.demoLockedId, { caseNumber: 'ｃ-2026-００１２３' });
    expect(res.ok).toBe(true);
    const [row] = await t.db
      .select()
      .from(staffResetRequests)
      .where(eq(staffResetRequests.customerId, cast.demoLockedId));
    expect(row).toMatchObject({
      status: 'pending',
      requestedBy: cast.operator.id,
      caseNumber: 'C-2026-00123',
      approvedBy: null,
      executedAt: null,
    });
    expect(row.checklist).toEqual({
      name: true,
      birthDate: true,
      address: true,
      registeredPhone: true,
      recentTrade: false,
    });
    const ev = await lastAudit(t.db);
    expect(ev.action).toBe('staff.forced_reset.requested');
    expect(ev.actorId).toBe(cast.operator.id);
    expect(ev.customerId).toBe(cast.demoLockedId);
    expect(ev.details).toMatchObject({ caseNumber: 'C-2026-00123', requestedByName: '鈴木 一郎（オペレーター）' });
    // Nothing happened to the customer yet.
    const active = await t.db
      .select()
      .from(passkeys)
      .where(and(eq(passkeys.customerId, cast.demoLockedId), sql`${passkeys.revokedAt} is null`));
    expect(active).toHaveLength(2);
  });

  it('a second request for the same customer is refused while one is pending', async () => {
    const res = await request(cast.operator2, cast.demoLockedId);
    expect(res).toMatchObject({ ok: false, code: 'pending_exists' });
  });

  it('the requester cannot approve their own request (four-eyes): refused, audited, nothing else changes', async () => {
    const id = await pendingRequestId(cast.demoLockedId);
    const before = await snapshot(t.db);
    const res = await approveForcedReset(t.db, cast.operator, { requestId: id }, ctx);
    expect(res).toMatchObject({ ok: false, code: 'same_person' });
    const after = await snapshot(t.db);
    expect(changedTables(before, after)).toEqual(['audit_events']);
    expect((await lastAudit(t.db)).details).toMatchObject({
      attempted: 'staff.forced_reset.approve',
      reason: 'four_eyes',
    });
    // …nor reject it (rejecting is the second person's decision too).
    const rej = await rejectForcedReset(t.db, cast.operator, { requestId: id }, ctx);
    expect(rej).toMatchObject({ ok: false, code: 'same_person' });
  });

  it('a viewer cannot approve: 403 and nothing changes but the refusal event', async () => {
    const id = await pendingRequestId(cast.demoLockedId);
    const before = await snapshot(t.db);
    const res = await approveForcedReset(t.db, cast.viewer, { requestId: id }, ctx);
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
    expect(changedTables(before, await snapshot(t.db))).toEqual(['audit_events']);
  });

  it('the staff view model carries no password, answer, code, birth date or full account number', async () => {
    const res = await getCustomerView(t.db, cast.viewer, { customerId: cast.demoLockedId }, { locale: 'ja' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    // Every key holding data (the checklist's booleans say only *whether* staff verified an item).
    const keys = new Set<string>();
    const walk = (v: unknown) => {
      if (v && typeof v === 'object' && !(v instanceof Date))
        for (const [k, x] of Object.entries(v)) {
          if (typeof x !== 'boolean') keys.add(k);
          walk(x);
        }
    };
    walk(res.data);
    for (const forbidden of [
      'passwordHash',
      'secretAnswerHash',
      'secretQuestion',
      'birthDate',
      'accountNumber',
      'lockCodeHash',
      'otpHash',
      'tokenHash',
      'password',
      'answer',
      'code',
      'email',
      'phone',
    ]) {
      expect(keys.has(forbidden), forbidden).toBe(false);
    }
    const json = JSON.stringify(res.data);
    expect(json).not.toContain('1234567');
    expect(json).not.toContain('1985-04-12');
    expect(json).not.toContain('$argon2');
    expect(json).not.toContain('ポチ');
    expect(json).not.toContain('locked@example.jp');
    expect(res.data.accountMasked).toBe('***4567');
    expect(res.data.emailMasked).toBe('l***@example.jp');
    expect(res.data.passkeys.map((p) => p.authenticator).sort()).toEqual([
      'Google パスワード マネージャー',
      'iCloud キーチェーン',
    ]);
    expect(res.data.resetRequests[0]).toMatchObject({
      status: 'pending',
      requestedBy: { name: '鈴木 一郎（オペレーター）' },
    });
  });

  it('a second operator approves: passkeys revoked, password on, sessions ended, locks cleared, notified without a link, both names audited', async () => {
    // The customer had also locked their account via /recovery/not-me and had an open recovery flow.
    await t.db
      .update(customers)
      .set({
        loginLockedAt: new Date(Date.now() - 3600_000),
        recoveryLockedUntil: new Date(Date.now() + 3600_000),
        failedRecoveryCount: 10,
      })
      .where(eq(customers.id, cast.demoLockedId));
    await t.db.insert(recoveryFlows).values({
      tokenHash: `h-${Date.now()}`,
      customerId: cast.demoLockedId,
      step: 'secret_question',
      expiresAt: new Date(Date.now() + 600_000),
    });
    const [c0] = await t.db.select().from(customers).where(eq(customers.id, cast.demoLockedId));
    const sessionIssuedAt = Date.now() - 1000;
    expect(await isCustomerSessionValid(t.db, cast.demoLockedId, c0.sessionsValidAfter.getTime() + 1)).toBe(false); // locked by not-me
    const outboxBefore = await t.db.select().from(notificationOutbox);

    const id = await pendingRequestId(cast.demoLockedId);
    const res = await approveForcedReset(t.db, cast.operator2, { requestId: id }, ctx);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data).toMatchObject({
      requestId: id,
      revokedPasskeys: 2,
      clearedLoginLock: true,
      clearedRecoveryLock: true,
    });
    expect(res.data.referenceNumber).toMatch(/^R-\d{8}-[A-Z0-9]{6}$/);

    const keys = await t.db.select().from(passkeys).where(eq(passkeys.customerId, cast.demoLockedId));
    expect(keys).toHaveLength(2); // soft delete: rows kept
    for (const k of keys) {
      expect(k.revokedAt).not.toBeNull();
      expect(k.revokedBy).toBe(`staff-reset:${id}`);
      expect(k.revokedReason).toBe('staff_forced_reset');
    }
    const [c] = await t.db.select().from(customers).where(eq(customers.id, cast.demoLockedId));
    expect(c.passwordLoginEnabled).toBe(true);
    expect(c.loginLockedAt).toBeNull();
    expect(c.recoveryLockedUntil!.getTime()).toBeLessThanOrEqual(Date.now()); // the lock ended with the reset
    expect(c.failedRecoveryCount).toBe(0);
    expect(c.sessionsValidAfter.getTime()).toBeGreaterThan(c0.sessionsValidAfter.getTime());
    expect(c.lockCodeHash).toMatch(/^\$argon2id\$/);
    expect(c.passwordHash).toBe(c0.passwordHash); // staff never set a password
    expect(await isCustomerSessionValid(t.db, cast.demoLockedId, sessionIssuedAt)).toBe(false);

    const flows = await t.db.select().from(recoveryFlows).where(eq(recoveryFlows.customerId, cast.demoLockedId));
    expect(flows.every((f) => f.step === 'cancelled')).toBe(true);

    const [req] = await t.db.select().from(staffResetRequests).where(eq(staffResetRequests.id, id));
    expect(req).toMatchObject({
      status: 'executed',
      approvedBy: cast.operator2.id,
      referenceNumber: res.data.referenceNumber,
    });
    expect(req.executedAt).not.toBeNull();

    const outbox = await t.db.select().from(notificationOutbox);
    const mails = outbox.filter((m) => !outboxBefore.some((b) => b.id === m.id));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      toAddress: 'locked@example.jp',
      template: 'forced_reset_completed',
      customerId: cast.demoLockedId,
    });
    expect(mails[0].bodyText).toContain(res.data.referenceNumber);
    expect(mails[0].bodyText).toMatch(/ロックコード：[A-Z2-9]{8}/);
    expect(mails[0].bodyText).not.toMatch(/https?:|www\.|\/\//);
    expect(mails[0].bodyText).not.toContain(DEMO_PASSWORD);
    expect(mails[0].bodyText).not.toContain('1234567');

    const executed = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.forced_reset.executed'));
    expect(executed).toHaveLength(1);
    expect(executed[0]).toMatchObject({
      actorType: 'staff',
      actorId: cast.operator2.id,
      customerId: cast.demoLockedId,
      ip: ctx.ip,
    });
    expect(executed[0].details).toMatchObject({
      requestId: id,
      requestedBy: cast.operator.id,
      approvedBy: cast.operator2.id,
      caseNumber: 'C-2026-00123',
      requestedByName: '鈴木 一郎（オペレーター）',
      approvedByName: '高橋 美咲（オペレーター）',
      referenceNumber: res.data.referenceNumber,
      revokedPasskeys: 2,
    });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('after the reset the customer logs in with their own password', async () => {
    const res = await loginDemoLocked('198.51.100.2');
    expect(res).toEqual({ ok: true, customerId: cast.demoLockedId });
  });

  it('approving again changes nothing (the request is no longer pending)', async () => {
    const [req] = await t.db
      .select()
      .from(staffResetRequests)
      .where(eq(staffResetRequests.customerId, cast.demoLockedId));
    const before = await snapshot(t.db);
    const res = await approveForcedReset(t.db, cast.admin, { requestId: req.id }, ctx);
    expect(res).toMatchObject({ ok: false, code: 'not_pending' });
    expect(changedTables(before, await snapshot(t.db))).toEqual([]);
  });

  it('two approvers at once: exactly one reset runs, one email, one audit event', async () => {
    const r = await request(cast.operator, cast.demoNormalId, { caseNumber: 'C-2026-00200' });
    expect(r.ok).toBe(true);
    const id = await pendingRequestId(cast.demoNormalId);
    const outboxBefore = (await t.db.select().from(notificationOutbox)).length;
    const results = await Promise.all([
      approveForcedReset(t.db, cast.operator2, { requestId: id }, ctx),
      approveForcedReset(t.db, cast.admin, { requestId: id }, ctx),
    ]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok)).toEqual([expect.objectContaining({ code: 'not_pending' })]);
    expect((await t.db.select().from(notificationOutbox)).length).toBe(outboxBefore + 1);
    const executed = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff.forced_reset.executed'), eq(auditEvents.customerId, cast.demoNormalId)));
    expect(executed).toHaveLength(1);
  });

  it('a request can be rejected by another operator, or cancelled by its requester; neither touches the customer', async () => {
    const r1 = await request(cast.operator, cast.demoLockedId, { caseNumber: 'C-2026-00300' });
    expect(r1.ok).toBe(true);
    const id1 = await pendingRequestId(cast.demoLockedId);
    const before = await snapshot(t.db, ['customers', 'passkeys', 'notification_outbox']);
    expect(await cancelForcedReset(t.db, cast.operator2, { requestId: id1 }, ctx)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      await rejectForcedReset(t.db, cast.operator2, { requestId: id1, note: '本人確認が不十分' }, ctx),
    ).toMatchObject({ ok: true });
    expect((await lastAudit(t.db)).action).toBe('staff.forced_reset.rejected');
    expect(await approveForcedReset(t.db, cast.admin, { requestId: id1 }, ctx)).toMatchObject({
      ok: false,
      code: 'not_pending',
    });

    const r2 = await request(cast.operator, cast.demoLockedId, { caseNumber: 'C-2026-00301' });
    expect(r2.ok).toBe(true);
    const id2 = await pendingRequestId(cast.demoLockedId);
    expect(await cancelForcedReset(t.db, cast.operator, { requestId: id2 }, ctx)).toMatchObject({ ok: true });
    expect((await lastAudit(t.db)).action).toBe('staff.forced_reset.cancelled');
    expect(changedTables(before, await snapshot(t.db, ['customers', 'passkeys', 'notification_outbox']))).toEqual([]);
  });

  it('an operator unlocks a recovery lock (audited); a viewer cannot; an unlocked account answers not_locked', async () => {
    await t.db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 86_400_000), failedRecoveryCount: 10 })
      .where(eq(customers.id, cast.demoNormalId));
    const before = await snapshot(t.db);
    expect(await unlockDemoNormal(cast.viewer)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(changedTables(before, await snapshot(t.db))).toEqual(['audit_events']);
    expect(await unlockDemoNormal(cast.operator)).toMatchObject({ ok: true });
    const [c] = await t.db.select().from(customers).where(eq(customers.id, cast.demoNormalId));
    expect(c.recoveryLockedUntil!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(c.failedRecoveryCount).toBe(0);
    const ev = await lastAudit(t.db);
    expect(ev).toMatchObject({
      action: 'recovery.account_unlocked',
      actorType: 'staff',
      actorId: cast.operator.id,
      customerId: cast.demoNormalId,
    });
    expect(await unlockDemoNormal(cast.operator)).toMatchObject({ ok: false, code: 'not_locked' });
  });
});
