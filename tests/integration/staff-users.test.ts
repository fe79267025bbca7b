import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { staffUsers } from '../../db/schema';
import { staffLogin } from '../../lib/staff/auth';
import { findCustomers } from '../../lib/staff/customers';
import { changeStaffRole, createStaff, listStaff, setStaffDisabled } from '../../lib/staff/users';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { lastAudit, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;
let newId: string;
const ctx = { ip: '192.0.2.20' };

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('staff management (admins only, every change audited)', () => {
  it('an admin creates a staff member: argon2id hash, audited, and the new member can sign in', async () => {
    const res = await createStaff(
      t.db,
      cast.admin,
      { email: ' New.Staff@Example.jp ', name: '山本 新人', role: 'viewer', password: 'initial-pass-1234' },
      ctx,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    newId = res.data.staffId;
    const [row] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, newId));
    expect(row).toMatchObject({ email: 'new.staff@example.jp', name: '山本 新人', role: 'viewer', disabled: false });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    const ev = await lastAudit(t.db);
    expect(ev).toMatchObject({ action: 'staff.user.created', actorId: cast.admin.id });
    expect(JSON.stringify(ev.details)).not.toContain('initial-pass-1234');
    expect(
      await staffLogin(t.db, { email: 'new.staff@example.jp', password: 'initial-pass-1234' }, { ip: '192.0.2.21' }),
    ).toMatchObject({ id: newId, role: 'viewer' });
  });

  it('refuses a duplicate email, a short password and an unknown role, writing nothing', async () => {
    const before = await snapshot(t.db);
    expect(
      await createStaff(
        t.db,
        cast.admin,
        { email: 'operator@example.jp', name: '重複', role: 'viewer', password: 'initial-pass-1234' },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'email_taken' });
    expect(
      await createStaff(t.db, cast.admin, { email: 'x@example.jp', name: 'x', role: 'viewer', password: 'short' }, ctx),
    ).toMatchObject({ ok: false, fieldErrors: { password: 'password_too_short' } });
    expect(
      await createStaff(
        t.db,
        cast.admin,
        { email: 'x@example.jp', name: 'x', role: 'root', password: 'initial-pass-1234' },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(changedTables(before, await snapshot(t.db))).toEqual([]);
  });

  it('changes a role (audited with from and to); the new role applies at once', async () => {
    expect(await findCustomers(t.db, { kind: 'staff', id: newId }, { loginId: 'demo-locked' })).toMatchObject({
      ok: true,
    });
    const res = await changeStaffRole(t.db, cast.admin, { staffId: newId, role: 'operator' }, ctx);
    expect(res.ok).toBe(true);
    expect(await lastAudit(t.db)).toMatchObject({
      action: 'staff.user.role_changed',
      details: { staffId: newId, from: 'viewer', to: 'operator' },
    });
    const list = await listStaff(t.db, cast.admin);
    expect(list.ok && list.data.find((s) => s.id === newId)?.role).toBe('operator');
  });

  it('an admin cannot demote or disable themselves', async () => {
    const before = await snapshot(t.db);
    expect(await changeStaffRole(t.db, cast.admin, { staffId: cast.admin.id, role: 'viewer' }, ctx)).toMatchObject({
      ok: false,
      code: 'self_change',
    });
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: cast.admin.id, disabled: true }, ctx)).toMatchObject({
      ok: false,
      code: 'self_change',
    });
    const after = await snapshot(t.db);
    expect(changedTables(before, after)).toEqual(['audit_events']);
    const [me] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, cast.admin.id));
    expect(me).toMatchObject({ role: 'admin', disabled: false });
  });

  it('disabling a member ends their access at once (sign-in and every action), and is audited; enabling restores it', async () => {
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: newId, disabled: true }, ctx)).toMatchObject({
      ok: true,
    });
    expect(await lastAudit(t.db)).toMatchObject({ action: 'staff.user.disabled', details: { staffId: newId } });
    expect(
      await staffLogin(t.db, { email: 'new.staff@example.jp', password: 'initial-pass-1234' }, { ip: '192.0.2.22' }),
    ).toBeNull();
    expect(
      await findCustomers(t.db, { kind: 'staff', id: newId, role: 'operator' }, { loginId: 'demo-locked' }),
    ).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await setStaffDisabled(t.db, cast.admin, { staffId: newId, disabled: false }, ctx)).toMatchObject({
      ok: true,
    });
    expect(await lastAudit(t.db)).toMatchObject({ action: 'staff.user.enabled' });
    expect(await findCustomers(t.db, { kind: 'staff', id: newId }, { loginId: 'demo-locked' })).toMatchObject({
      ok: true,
    });
  });

  it('an operator cannot manage staff', async () => {
    expect(await changeStaffRole(t.db, cast.operator, { staffId: cast.operator.id, role: 'admin' }, ctx)).toMatchObject(
      { ok: false, code: 'forbidden' },
    );
    const [me] = await t.db.select().from(staffUsers).where(eq(staffUsers.id, cast.operator.id));
    expect(me.role).toBe('operator');
  });
});
