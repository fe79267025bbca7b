import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { staffUsers, type StaffRole } from '../../db/schema';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit } from '../audit';
import { hashSecret } from '../auth/password';
import { fail, ok, recordDenial, type StaffResult } from './guard';
import { staffOperation } from './operation';
import { changeRoleSchema, createStaffSchema, setDisabledSchema } from './schemas';
import { liftLoginSuspension } from '../auth/login-throttle';

export type StaffListItem = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: Date;
  passkeys: number;
};

export const listStaff = staffOperation({
  role: 'admin',
  name: 'staff.users.list',
  run: async (db): Promise<StaffResult<StaffListItem[]>> => {
    const rows = await db
      .select({
        id: staffUsers.id,
        email: staffUsers.email,
        name: staffUsers.name,
        role: staffUsers.role,
        disabled: staffUsers.disabled,
        createdAt: staffUsers.createdAt,
        passkeys: sql<number>`(select count(*)::int from staff_passkeys k where k.staff_id = ${staffUsers.id} and k.revoked_at is null)`,
      })
      .from(staffUsers)
      .orderBy(asc(staffUsers.disabled), asc(staffUsers.email));
    return ok(rows.map((r) => ({ ...r, passkeys: Number(r.passkeys) })));
  },
});

export const createStaff = staffOperation({
  role: 'admin',
  name: 'staff.users.create',
  schema: createStaffSchema,
  run: async (db, admin, v, ctx): Promise<StaffResult<{ staffId: string }>> => {
    const passwordHash = await hashSecret(v.password);
    return transactionWithRetry(db, async (tx) => {
      const [row] = await tx
        .insert(staffUsers)
        // The creator is recorded as creator, enabler and role-setter: four eyes refuses them as this account's approver.
        .values({
          email: v.email,
          name: v.name,
          role: v.role,
          passwordHash,
          createdBy: admin.id,
          enabledBy: admin.id,
          roleSetBy: admin.id,
        })
        .onConflictDoNothing({ target: staffUsers.email })
        .returning({ id: staffUsers.id });
      if (!row) return fail('email_taken', { email: 'email_taken' });
      await appendAudit(tx, {
        actor: { type: 'staff', id: admin.id },
        action: 'staff.user.created',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { staffId: row.id, email: v.email, name: v.name, role: v.role, by: admin.name, byId: admin.id },
      });
      return ok({ staffId: row.id });
    });
  },
});

export const changeStaffRole = staffOperation({
  role: 'admin',
  name: 'staff.users.change_role',
  schema: changeRoleSchema,
  run: async (db, admin, v, ctx): Promise<StaffResult<{ staffId: string }>> => {
    // An admin never demotes themselves (the last admin could lock everyone out).
    if (v.staffId === admin.id) {
      await recordDenial(db, { kind: 'staff', id: admin.id }, 'staff.users.change_role', 'self_change', ctx);
      return fail('self_change');
    }
    return transactionWithRetry(db, async (tx) => {
      const [before] = await tx
        .select({ role: staffUsers.role, name: staffUsers.name })
        .from(staffUsers)
        .where(eq(staffUsers.id, v.staffId))
        .for('update');
      if (!before) return fail('not_found');
      if (before.role === v.role) return ok({ staffId: v.staffId });
      await tx.update(staffUsers).set({ role: v.role, roleSetBy: admin.id }).where(eq(staffUsers.id, v.staffId));
      await appendAudit(tx, {
        actor: { type: 'staff', id: admin.id },
        action: 'staff.user.role_changed',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: {
          staffId: v.staffId,
          name: before.name,
          from: before.role,
          to: v.role,
          by: admin.name,
          byId: admin.id,
        },
      });
      return ok({ staffId: v.staffId });
    });
  },
});

export const setStaffDisabled = staffOperation({
  role: 'admin',
  name: 'staff.users.set_disabled',
  schema: setDisabledSchema,
  run: async (db, admin, v, ctx): Promise<StaffResult<{ staffId: string }>> => {
    if (v.staffId === admin.id) {
      await recordDenial(db, { kind: 'staff', id: admin.id }, 'staff.users.set_disabled', 'self_change', ctx);
      return fail('self_change');
    }
    return transactionWithRetry(db, async (tx) => {
      const rows = await tx
        .update(staffUsers)
        .set(v.disabled ? { disabled: true } : { disabled: false, enabledBy: admin.id })
        .where(and(eq(staffUsers.id, v.staffId), ne(staffUsers.disabled, v.disabled)))
        .returning({ id: staffUsers.id, email: staffUsers.email, name: staffUsers.name });
      // Enabling also lifts a password sign-in suspended by wrong guesses (lib/auth/login-throttle.ts).
      const resume = async (email: string) => {
        if (v.disabled || !(await liftLoginSuspension(tx, 'staff', email))) return;
        await appendAudit(tx, {
          actor: { type: 'staff', id: admin.id },
          action: 'staff.login.resumed',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: { staffId: v.staffId, by: admin.name },
        });
      };
      if (rows.length !== 1) {
        const [exists] = await tx
          .select({ id: staffUsers.id, email: staffUsers.email })
          .from(staffUsers)
          .where(eq(staffUsers.id, v.staffId));
        if (!exists) return fail('not_found');
        await resume(exists.email);
        return ok({ staffId: v.staffId });
      }
      await appendAudit(tx, {
        actor: { type: 'staff', id: admin.id },
        action: v.disabled ? 'staff.user.disabled' : 'staff.user.enabled',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { staffId: v.staffId, email: rows[0].email, name: rows[0].name, by: admin.name, byId: admin.id },
      });
      await resume(rows[0].email);
      return ok({ staffId: v.staffId });
    });
  },
});
