import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents, staffResetRequests, staffUsers } from '../../db/schema';
import { approveForcedReset, cancelForcedReset, requestForcedReset } from '../../lib/staff/forced-reset';
import { changeStaffRole, createStaff, setStaffDisabled } from '../../lib/staff/users';
import { staffMessages } from '../../lib/i18n/messages/staff';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import {
  lastAudit,
  makeStaff,
  resetRequestInput,
  seedStaffCast,
  staffSession,
  type StaffCast,
  type StaffPrincipal,
} from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;
let adminRequestId: string;
const ctx = { ip: '198.51.100.43', userAgent: 'rt-43' };
const TABLES = [
  'customers',
  'passkeys',
  'recovery_flows',
  'notification_outbox',
  'audit_events',
  'staff_reset_requests',
  'staff_users',
  'auth_sessions',
];

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
  const r = await requestForcedReset(
    t.db,
    cast.admin,
    resetRequestInput(cast.demoLockedId, { caseNumber: 'C-RT43-ADMIN' }),
    ctx,
  );
  if (!r.ok) throw new Error(`setup: ${JSON.stringify(r)}`);
  adminRequestId = r.data.requestId;
});
afterAll(async () => {
  await t?.drop();
});

/** An account made through staff management, signed in with a fresh passkey step-up. */
async function created(by: StaffPrincipal, role: 'operator' | 'admin'): Promise<StaffPrincipal> {
  const res = await createStaff(
    t.db,
    by,
    {
      email: `rt43-${role}-${Math.random().toString(36).slice(2, 8)}@example.jp`,
      name: `RT43 ${role}`,
      role,
      password: 'initial-pass-1234',
    },
    ctx,
  );
  if (!res.ok) throw new Error(`create: ${JSON.stringify(res)}`);
  return staffSession(t.db, { kind: 'staff', id: res.data.staffId, role }, { stepUp: true });
}

/** Approving must be refused with `code`, and change nothing but the refusal's audit event. */
async function expectRefused(
  approver: StaffPrincipal,
  requestId: string,
  code: string,
  details: Record<string, unknown>,
) {
  const before = await snapshot(t.db, TABLES);
  const res = await approveForcedReset(t.db, approver, { requestId }, ctx);
  expect(res).toMatchObject({ ok: false, code });
  const after = await snapshot(t.db, TABLES);
  expect(changedTables(before, after)).toEqual(['audit_events']);
  expect(after.audit_events.count).toBe(before.audit_events.count + 1);
  const ev = await lastAudit(t.db);
  expect(ev).toMatchObject({ action: 'staff.action.denied', actorId: approver.id });
  expect(ev.details).toMatchObject({ attempted: 'staff.forced_reset.approve', requestId, ...details });
  const [req] = await t.db.select().from(staffResetRequests).where(eq(staffResetRequests.id, requestId));
  expect(req).toMatchObject({ status: 'pending', approvedBy: null, executedAt: null });
}

describe('RT-43 four eyes are two people', () => {
  it('staff management records who created, enabled and set the role of an account, audited with both names', async () => {
    const op = await created(cast.admin, 'operator');
    const [row] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, op.id));
    expect(row).toMatchObject({ createdBy: cast.admin.id, enabledBy: cast.admin.id, roleSetBy: cast.admin.id });
    const [ev] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'staff.user.created'), eq(auditEvents.actorId, cast.admin.id)));
    expect(ev.details).toMatchObject({ staffId: op.id, name: 'RT43 operator', by: '田中 管理者', byId: cast.admin.id });
  });

  it('an admin requests, creates an operator and approves as it: refused (created by the requester), nothing changes', async () => {
    const puppet = await created(cast.admin, 'operator');
    await expectRefused(puppet, adminRequestId, 'linked_account', {
      reason: 'four_eyes_linked',
      relation: 'requester_made_approver',
      links: ['created_by'],
    });
  });

  it('… or enables a disabled operator: refused (enabled by the requester)', async () => {
    const dormant = await makeStaff(t.db, 'operator', { disabled: true });
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: dormant.id, disabled: false }, ctx)).toMatchObject({
      ok: true,
    });
    const [row] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, dormant.id));
    expect(row.enabledBy).toBe(cast.admin.id);
    expect(await lastAudit(t.db)).toMatchObject({
      action: 'staff.user.enabled',
      details: { staffId: dormant.id, name: row.name, by: '田中 管理者' },
    });
    await expectRefused(dormant, adminRequestId, 'linked_account', { links: ['enabled_by'] });
  });

  it('… or promotes a viewer to operator: refused (role set by the requester)', async () => {
    const viewer = await makeStaff(t.db, 'viewer');
    expect(await changeStaffRole(t.db, cast.admin, { staffId: viewer.id, role: 'operator' }, ctx)).toMatchObject({
      ok: true,
    });
    expect(await lastAudit(t.db)).toMatchObject({
      action: 'staff.user.role_changed',
      details: { staffId: viewer.id, from: 'viewer', to: 'operator', by: '田中 管理者' },
    });
    await expectRefused({ ...viewer, role: 'operator' }, adminRequestId, 'linked_account', { links: ['role_set_by'] });
  });

  it('… or creates an admin who creates the approver: the chain is followed, refused', async () => {
    const admin2 = await created(cast.admin, 'admin');
    const grandchild = await created(admin2, 'operator');
    await expectRefused(grandchild, adminRequestId, 'linked_account', { links: ['created_by', 'created_by'] });
  });

  it('the other way round: a request filed from an account the approver created is refused too', async () => {
    const puppet = await created(cast.admin, 'operator');
    const r = await requestForcedReset(
      t.db,
      puppet,
      resetRequestInput(cast.demoNormalId, { caseNumber: 'C-RT43-PUPPET' }),
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    await expectRefused(cast.admin, r.data.requestId, 'linked_account', {
      relation: 'approver_made_requester',
      links: ['created_by'],
    });
    expect(await cancelForcedReset(t.db, puppet, { requestId: r.data.requestId }, ctx)).toMatchObject({ ok: true });
  });

  it('a requester disabled before approval: refused, nothing changes; the same once demoted to viewer', async () => {
    const requester = await makeStaff(t.db, 'operator');
    const r = await requestForcedReset(
      t.db,
      requester,
      resetRequestInput(cast.demoNormalId, { caseNumber: 'C-RT43-GONE' }),
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: requester.id, disabled: true }, ctx)).toMatchObject({
      ok: true,
    });
    await expectRefused(cast.operator2, r.data.requestId, 'requester_inactive', {
      reason: 'requester_inactive',
      requesterDisabled: true,
    });

    // Enabled again, but now only a viewer (the enabling and demoting admin is not the approver here).
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: requester.id, disabled: false }, ctx)).toMatchObject({
      ok: true,
    });
    expect(await changeStaffRole(t.db, cast.admin, { staffId: requester.id, role: 'viewer' }, ctx)).toMatchObject({
      ok: true,
    });
    await expectRefused(cast.operator2, r.data.requestId, 'requester_inactive', { requesterRole: 'viewer' });
    expect(await cancelForcedReset(t.db, cast.admin, { requestId: r.data.requestId }, ctx)).toMatchObject({ ok: true });
  });

  it('the refusals say why, in Japanese and in English', () => {
    for (const code of ['linked_account', 'requester_inactive', 'approver_inactive', 'step_up_required'] as const) {
      expect(staffMessages.ja.errors[code]).toMatch(/[ぁ-んァ-ン一-龥]/);
      expect(staffMessages.en.errors[code]).toMatch(/^[\x20-\x7e]+$/);
    }
    expect(staffMessages.ja.errors.linked_account).toContain('作成');
  });

  it('a genuine second person (an operator the admin never created, enabled or promoted) approves', async () => {
    const res = await approveForcedReset(t.db, cast.operator2, { requestId: adminRequestId }, ctx);
    expect(res).toMatchObject({ ok: true, data: { requestId: adminRequestId } });
    const [ev] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.forced_reset.executed'));
    expect(ev.details).toMatchObject({
      requestedBy: cast.admin.id,
      approvedBy: cast.operator2.id,
      requestedByName: '田中 管理者',
      approvedByName: '高橋 美咲（オペレーター）',
    });
  });
});
