import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, staffResetRequests, customers } from '../../db/schema';
import type { StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { logger } from '../../lib/log';
import { findCustomers, getCustomerView } from '../../lib/staff/customers';
import {
  approveForcedReset,
  cancelForcedReset,
  rejectForcedReset,
  requestForcedReset,
  unlockCustomerRecovery,
} from '../../lib/staff/forced-reset';
import { checkAuditChain, queryAuditLog } from '../../lib/staff/audit-log';
import { dashboard } from '../../lib/staff/stats';
import { changeStaffRole, createStaff, listStaff, setStaffDisabled } from '../../lib/staff/users';
import { makeStaffAction } from '../../lib/staff/action';
import { ok, type Principal } from '../../lib/staff/guard';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { makeStaff, resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;
let pendingId: string;
let disabledOperator: Principal;
const ctx = { ip: '192.0.2.10', userAgent: 'rt-27' };

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
  // A pending request (by operator) so approve/reject/cancel have something to act on.
  const r = await requestForcedReset(t.db, cast.operator, resetRequestInput(cast.demoLockedId), ctx);
  if (!r.ok) throw new Error('setup failed');
  pendingId = r.data.requestId;
  await t.db
    .update(customers)
    .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
    .where(eq(customers.id, cast.demoNormalId));
  disabledOperator = await makeStaff(t.db, 'admin', { disabled: true });
});
afterAll(async () => {
  await t?.drop();
});

type Case = {
  action: string;
  needs: StaffRole;
  call: (db: Db, p: Principal) => Promise<{ ok: boolean; code?: string; status?: number }>;
};

const cases: Case[] = [
  {
    action: 'staff.customer.search',
    needs: 'viewer',
    call: (db, p) => findCustomers(db, p, { loginId: 'demo-locked' }, ctx),
  },
  {
    action: 'staff.customer.view',
    needs: 'viewer',
    call: (db, p) => getCustomerView(db, p, { customerId: cast.demoLockedId }, { locale: 'ja', ctx }),
  },
  { action: 'staff.audit.read', needs: 'viewer', call: (db, p) => queryAuditLog(db, p, {}, ctx) },
  { action: 'staff.dashboard.read', needs: 'viewer', call: (db, p) => dashboard(db, p, ctx) },
  {
    action: 'staff.forced_reset.request',
    needs: 'operator',
    call: (db, p) => requestForcedReset(db, p, resetRequestInput(cast.demoNormalId), ctx),
  },
  {
    action: 'staff.forced_reset.approve',
    needs: 'operator',
    call: (db, p) => approveForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.forced_reset.reject',
    needs: 'operator',
    call: (db, p) => rejectForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.forced_reset.cancel',
    needs: 'operator',
    call: (db, p) => cancelForcedReset(db, p, { requestId: pendingId }, ctx),
  },
  {
    action: 'staff.recovery.unlock',
    needs: 'operator',
    call: (db, p) =>
      unlockCustomerRecovery(db, p, { customerId: cast.demoNormalId, reason: '電話で本人確認済み' }, ctx),
  },
  { action: 'staff.audit.verify_chain', needs: 'admin', call: (db, p) => checkAuditChain(db, p, ctx) },
  { action: 'staff.users.list', needs: 'admin', call: (db, p) => listStaff(db, p, ctx) },
  {
    action: 'staff.users.create',
    needs: 'admin',
    call: (db, p) =>
      createStaff(
        db,
        p,
        { email: 'new@example.jp', name: '新人', role: 'admin', password: 'long-enough-password' },
        ctx,
      ),
  },
  {
    action: 'staff.users.change_role',
    needs: 'admin',
    call: (db, p) => changeStaffRole(db, p, { staffId: cast.viewer.id, role: 'admin' }, ctx),
  },
  {
    action: 'staff.users.set_disabled',
    needs: 'admin',
    call: (db, p) => setStaffDisabled(db, p, { staffId: cast.admin.id, disabled: true }, ctx),
  },
];

const RANK: Record<StaffRole, number> = { viewer: 1, operator: 2, admin: 3 };

function callers(
  needs: StaffRole,
): { label: string; principal: () => Principal; expected: 'unauthenticated' | 'forbidden' }[] {
  const list: { label: string; principal: () => Principal; expected: 'unauthenticated' | 'forbidden' }[] = [
    { label: 'no session', principal: () => null, expected: 'unauthenticated' },
    {
      label: 'a customer session',
      principal: () => ({ kind: 'customer', id: cast.demoLockedId }),
      expected: 'unauthenticated',
    },
    { label: 'a disabled admin', principal: () => disabledOperator, expected: 'unauthenticated' },
    {
      label: 'an unknown staff id claiming admin',
      principal: () => ({ kind: 'staff', id: '00000000-0000-4000-8000-000000000000', role: 'admin' }),
      expected: 'unauthenticated',
    },
  ];
  for (const role of ['viewer', 'operator'] as const) {
    if (RANK[role] < RANK[needs]) {
      list.push({ label: `a ${role}`, principal: () => cast[role], expected: 'forbidden' });
      // The role in the session is never trusted: the stored role decides.
      list.push({
        label: `a ${role} whose session claims admin`,
        principal: () => ({ ...cast[role], role: 'admin' }),
        expected: 'forbidden',
      });
    }
  }
  return list;
}

describe('RT-27 staff actions refuse callers without the role, inside every action', () => {
  for (const c of cases) {
    for (const who of callers(c.needs)) {
      it(`${c.action} (needs ${c.needs}) refuses ${who.label}: logged, audited, nothing else changes`, async () => {
        // Refusals with no staff session are aggregated per client and window (the first is audited
        // at once): each case starts a fresh window here.
        await t.db.execute(sql`delete from rate_limit_buckets`);
        const principal = who.principal();
        const aggregated = !principal || principal.kind === 'customer';
        const warn = vi.spyOn(logger, 'warn');
        const before = await snapshot(t.db);
        const res = await c.call(t.db, principal);
        expect(res).toMatchObject({ ok: false, code: who.expected });
        const after = await snapshot(t.db);
        expect(changedTables(before, after)).toEqual(
          aggregated ? ['audit_events', 'rate_limit_buckets'] : ['audit_events'],
        );
        expect(after.audit_events.count).toBe(before.audit_events.count + 1);
        const [ev] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
        expect(ev.action).toBe('staff.action.denied');
        expect(ev.ip).toBe(ctx.ip);
        expect(ev.details).toMatchObject({ attempted: c.action, needed: c.needs });
        expect(warn).toHaveBeenCalledWith(
          expect.objectContaining({ event: 'staff.action.denied', action: c.action }),
          expect.any(String),
        );
        warn.mockRestore();
      });
    }
  }

  it('the pending request survived every refused attempt', async () => {
    const [r] = await t.db.select().from(staffResetRequests).where(eq(staffResetRequests.id, pendingId));
    expect(r.status).toBe('pending');
  });

  it('each action is allowed for its own role (reads for a viewer, the reset for an operator, management for an admin)', async () => {
    expect(await findCustomers(t.db, cast.viewer, { branchCode: '101', accountNumber: '1234567' }, ctx)).toMatchObject({
      ok: true,
      data: [{ loginId: 'demo-locked', accountMasked: '***4567' }],
    });
    expect((await dashboard(t.db, cast.viewer, ctx)).ok).toBe(true);
    expect((await queryAuditLog(t.db, cast.viewer, {}, ctx)).ok).toBe(true);
    expect(
      (
        await unlockCustomerRecovery(
          t.db,
          cast.operator,
          { customerId: cast.demoNormalId, reason: '電話で本人確認済み' },
          ctx,
        )
      ).ok,
    ).toBe(true);
    expect((await listStaff(t.db, cast.admin, ctx)).ok).toBe(true);
    expect(await checkAuditChain(t.db, cast.admin, ctx)).toMatchObject({ ok: true, data: { active: null } });
  });
});

describe('RT-27 the server-action wrapper (staffAction)', () => {
  const schema = z.object({ customerId: z.uuid() });
  const deps = (principal: Principal) => ({
    db: async () => t.db,
    principal: async () => principal,
    ctx: async () => ctx,
  });

  it('refuses no session, a customer session and a lower role before running anything', async () => {
    const fn = vi.fn(async () => ok('ran'));
    await t.db.execute(sql`delete from rate_limit_buckets`);
    for (const [p, code] of [
      [null, 'unauthenticated'],
      [{ kind: 'customer', id: cast.demoLockedId }, 'unauthenticated'],
      [cast.viewer, 'forbidden'],
    ] as const) {
      const before = await snapshot(t.db);
      const action = makeStaffAction(deps(p as Principal), {
        role: 'operator',
        name: 'staff.test.action',
        schema,
        run: fn,
      });
      const res = await action({ customerId: cast.demoLockedId });
      expect(res).toMatchObject({ ok: false, formError: code });
      expect(changedTables(before, await snapshot(t.db))).toEqual(
        code === 'forbidden' ? ['audit_events'] : ['audit_events', 'rate_limit_buckets'],
      );
    }
    expect(fn).not.toHaveBeenCalled();
  });

  it('validates the input after authorizing: bad input is a 400 with field errors, never a 500', async () => {
    const fn = vi.fn(async () => ok('ran'));
    const action = makeStaffAction(deps(cast.operator), {
      role: 'operator',
      name: 'staff.test.action',
      schema,
      run: fn,
    });
    expect(await action({ customerId: 'not-a-uuid' })).toMatchObject({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: { customerId: expect.any(String) },
    });
    expect(await action('garbage')).toMatchObject({ ok: false, formError: 'invalid_input' });
    expect(fn).not.toHaveBeenCalled();
  });

  it('never sends an exception’s message to the client', async () => {
    const action = makeStaffAction(deps(cast.operator), {
      role: 'operator',
      name: 'staff.test.action',
      schema,
      run: async () => {
        throw new Error('relation "secret_table" does not exist at /srv/app');
      },
    });
    const res = await action({ customerId: cast.demoLockedId });
    expect(res).toEqual({ ok: false, formError: 'error', fieldErrors: {} });
    expect(JSON.stringify(res)).not.toContain('secret_table');
  });

  it('runs the function for the right role with the staff member as stored', async () => {
    const action = makeStaffAction(deps({ ...cast.operator2, role: 'viewer' }), {
      role: 'operator',
      name: 'staff.test.action',
      schema,
      run: async (_db, staff) => ok(staff.name),
    });
    expect(await action({ customerId: cast.demoLockedId })).toEqual({ ok: true, data: '高橋 美咲（オペレーター）' });
  });
});
