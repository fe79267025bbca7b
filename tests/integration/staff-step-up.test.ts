import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { authSessions, customers } from '../../db/schema';
import type { Db } from '../../db/client';
import { makeStaffAction } from '../../lib/staff/action';
import { checkAuditChain, queryAuditLog } from '../../lib/staff/audit-log';
import { findCustomers, getCustomerView } from '../../lib/staff/customers';
import {
  approveForcedReset,
  cancelForcedReset,
  rejectForcedReset,
  requestForcedReset,
  unlockCustomerRecovery,
} from '../../lib/staff/forced-reset';
import { ok, type Principal } from '../../lib/staff/guard';
import { issueEnrollmentCode } from '../../lib/staff/passkeys';
import { dashboard } from '../../lib/staff/stats';
import { requiresStepUp } from '../../lib/staff/step-up';
import { changeStaffRole, createStaff, listStaff, setStaffDisabled } from '../../lib/staff/users';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import {
  lastAudit,
  resetRequestInput,
  seedStaffCast,
  staffSession,
  type StaffCast,
  type StaffPrincipal,
} from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast; // signed in with the password alone
let pendingId: string;
const ctx = { ip: '198.51.100.44', userAgent: 'rt-44' };
const TABLES = [
  'customers',
  'passkeys',
  'recovery_flows',
  'notification_outbox',
  'audit_events',
  'staff_reset_requests',
  'staff_users',
  'staff_enrollment_codes',
  'auth_sessions',
];

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db, { stepUp: false });
  // A pending request, filed by operator in a session with a step-up, for approve/reject/cancel to act on.
  const withStepUp = await staffSession(t.db, cast.operator, { stepUp: true });
  const r = await requestForcedReset(t.db, withStepUp, resetRequestInput(cast.demoLockedId), ctx);
  if (!r.ok) throw new Error(`setup: ${JSON.stringify(r)}`);
  pendingId = r.data.requestId;
  await t.db
    .update(customers)
    .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
    .where(eq(customers.id, cast.demoNormalId));
});
afterAll(async () => {
  await t?.drop();
});

type Call = (db: Db, p: Principal) => Promise<{ ok: boolean; code?: string }>;
/** Every state-changing staff action, with who may run it (and whom to try it as). */
const actions: { action: string; as: ('operator' | 'operator2' | 'admin')[]; call: Call }[] = [
  {
    action: 'staff.forced_reset.request',
    as: ['operator2', 'admin'],
    call: (db, p) => requestForcedReset(db, p, resetRequestInput(cast.demoNormalId), ctx),
  },
  {
    action: 'staff.forced_reset.approve',
    as: ['operator2', 'admin'],
    call: (db, p) => approveForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.forced_reset.reject',
    as: ['operator2', 'admin'],
    call: (db, p) => rejectForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.forced_reset.cancel',
    as: ['operator', 'admin'],
    call: (db, p) => cancelForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.recovery.unlock',
    as: ['operator', 'admin'],
    call: (db, p) =>
      unlockCustomerRecovery(db, p, { customerId: cast.demoNormalId, reason: '電話で本人確認済み' }, ctx),
  },
  {
    action: 'staff.users.create',
    as: ['admin'],
    call: (db, p) =>
      createStaff(
        db,
        p,
        { email: 'rt44@example.jp', name: 'RT44', role: 'operator', password: 'long-enough-password' },
        ctx,
      ),
  },
  {
    action: 'staff.users.change_role',
    as: ['admin'],
    call: (db, p) => changeStaffRole(db, p, { staffId: cast.viewer.id, role: 'admin' }, ctx),
  },
  {
    action: 'staff.users.set_disabled',
    as: ['admin'],
    call: (db, p) => setStaffDisabled(db, p, { staffId: cast.operator2.id, disabled: true }, ctx),
  },
  {
    action: 'staff.passkey.issue_code',
    as: ['admin'],
    call: (db, p) => issueEnrollmentCode(db, p, { staffId: cast.operator.id }, ctx),
  },
];

async function expectStepUpRefusal(p: Principal, call: Call, action: string, reason: string) {
  const before = await snapshot(t.db, TABLES);
  const res = await call(t.db, p);
  expect(res).toMatchObject({ ok: false, code: 'step_up_required' });
  const after = await snapshot(t.db, TABLES);
  expect(changedTables(before, after)).toEqual(['audit_events']);
  expect(after.audit_events.count).toBe(before.audit_events.count + 1);
  expect(await lastAudit(t.db)).toMatchObject({
    action: 'staff.action.denied',
    details: { attempted: action, reason },
  });
}

describe('RT-44 a password alone changes nothing: state-changing staff actions need a fresh passkey step-up', () => {
  for (const a of actions) {
    for (const who of a.as) {
      it(`${a.action} as ${who} signed in with the password alone: refused with the step-up state, nothing changes`, async () => {
        await expectStepUpRefusal(cast[who], a.call, a.action, 'step_up_missing');
      });
    }
    it(`${a.action} with a step-up older than STAFF_STEP_UP_SECONDS (300 s): refused`, async () => {
      const stale = await staffSession(t.db, cast[a.as[0]], { stepUpAt: new Date(Date.now() - 301_000) });
      await expectStepUpRefusal(stale, a.call, a.action, 'step_up_stale');
    });
  }

  it('a step-up in another session of the same member does not cover this one', async () => {
    await staffSession(t.db, cast.operator2, { stepUp: true }); // e.g. another browser
    const thisOne = await staffSession(t.db, cast.operator2);
    await expectStepUpRefusal(thisOne, actions[0].call, 'staff.forced_reset.request', 'step_up_missing');
  });

  it('another member’s stepped-up session id does not cover mine (the row must name me)', async () => {
    const theirs = await staffSession(t.db, cast.operator, { stepUp: true });
    await expectStepUpRefusal(
      { ...cast.operator2, sid: theirs.sid },
      actions[0].call,
      'staff.forced_reset.request',
      'step_up_missing',
    );
  });

  it('a malformed session id is refused without reaching SQL as an error', async () => {
    await expectStepUpRefusal(
      { ...cast.operator2, sid: "x' or '1'='1" },
      actions[0].call,
      'staff.forced_reset.request',
      'step_up_missing',
    );
  });

  it('an ended session with a step-up is not signed in at all', async () => {
    const ended = await staffSession(t.db, cast.operator2, { stepUp: true });
    await t.db.update(authSessions).set({ endedAt: new Date() }).where(eq(authSessions.id, ended.sid!));
    const before = await snapshot(t.db, TABLES);
    expect(await actions[0].call(t.db, ended)).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(changedTables(before, await snapshot(t.db, TABLES))).toEqual(['audit_events']);
    expect((await lastAudit(t.db)).details).toMatchObject({ reason: 'session_ended' });
  });

  it('a fresh step-up (just inside 300 s) lets the same action through', async () => {
    const fresh = await staffSession(t.db, cast.operator, { stepUpAt: new Date(Date.now() - 290_000) });
    expect(
      await unlockCustomerRecovery(t.db, fresh, { customerId: cast.demoNormalId, reason: '電話で本人確認済み' }, ctx),
    ).toMatchObject({ ok: true });
  });

  it('a viewer, and an operator or admin with the password alone, still read everything', async () => {
    for (const p of [cast.viewer, cast.operator, cast.admin] as StaffPrincipal[]) {
      expect(await findCustomers(t.db, p, { loginId: 'demo-locked' }, ctx)).toMatchObject({ ok: true });
      expect(await getCustomerView(t.db, p, { customerId: cast.demoLockedId }, { locale: 'ja', ctx })).toMatchObject({
        ok: true,
      });
      expect(await queryAuditLog(t.db, p, {}, ctx)).toMatchObject({ ok: true });
      expect(await dashboard(t.db, p, ctx)).toMatchObject({ ok: true });
    }
    expect(await listStaff(t.db, cast.admin, ctx)).toMatchObject({ ok: true });
    expect(await checkAuditChain(t.db, cast.admin, ctx)).toMatchObject({ ok: true });
  });

  it('the rule is declared once: viewer-level actions are reads; every other action needs the step-up unless named read-only', () => {
    expect(requiresStepUp('viewer', 'staff.customer.search')).toBe(false);
    expect(requiresStepUp('admin', 'staff.users.list')).toBe(false);
    expect(requiresStepUp('operator', 'staff.some.future_action')).toBe(true);
  });
});

describe('RT-44 inside the server-action wrapper', () => {
  const schema = z.object({ customerId: z.uuid() });
  const deps = (principal: Principal) => ({
    db: async () => t.db,
    principal: async () => principal,
    ctx: async () => ctx,
  });

  it('refuses an operator with the password alone before running anything, with the step-up state', async () => {
    const fn = vi.fn(async () => ok('ran'));
    const action = makeStaffAction(deps(cast.operator), {
      role: 'operator',
      name: 'staff.forced_reset.request',
      schema,
      run: fn,
    });
    const before = await snapshot(t.db, TABLES);
    expect(await action({ customerId: cast.demoLockedId })).toEqual({
      ok: false,
      formError: 'step_up_required',
      fieldErrors: {},
    });
    expect(changedTables(before, await snapshot(t.db, TABLES))).toEqual(['audit_events']);
    expect(fn).not.toHaveBeenCalled();
  });

  it('runs it once the session has a fresh step-up; a viewer-level action never asks for one', async () => {
    const fresh = await staffSession(t.db, cast.operator, { stepUp: true });
    expect(
      await makeStaffAction(deps(fresh), {
        role: 'operator',
        name: 'staff.forced_reset.request',
        schema,
        run: async (_db, s) => ok(s.sid),
      })({ customerId: cast.demoLockedId }),
    ).toEqual({ ok: true, data: fresh.sid });
    expect(
      await makeStaffAction(deps(cast.viewer), {
        role: 'viewer',
        name: 'staff.customer.search',
        schema,
        run: async () => ok('read'),
      })({ customerId: cast.demoLockedId }),
    ).toEqual({ ok: true, data: 'read' });
  });
});
