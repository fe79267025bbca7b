import { desc, eq } from 'drizzle-orm';
import { auditEvents, customers, staffUsers, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';

export type StaffPrincipal = { kind: 'staff'; id: string; role: StaffRole };

export type StaffCast = {
  viewer: StaffPrincipal;
  operator: StaffPrincipal;
  operator2: StaffPrincipal;
  admin: StaffPrincipal;
  demoLockedId: string;
  demoNormalId: string;
};

/** The demo data of SPEC §9 (two customers, four staff), with each staff member as a principal. */
export async function seedStaffCast(db: Db): Promise<StaffCast> {
  await seedDemo(db);
  const staff = await db.select().from(staffUsers);
  const by = (email: string) => {
    const s = staff.find((x) => x.email === email);
    if (!s) throw new Error(`missing staff ${email}`);
    return { kind: 'staff' as const, id: s.id, role: s.role };
  };
  const cust = await db.select({ id: customers.id, loginId: customers.loginId }).from(customers);
  return {
    viewer: by('viewer@example.jp'),
    operator: by('operator@example.jp'),
    operator2: by('operator2@example.jp'),
    admin: by('admin@example.jp'),
    demoLockedId: cust.find((c) => c.loginId === 'demo-locked')!.id,
    demoNormalId: cust.find((c) => c.loginId === 'demo-normal')!.id,
  };
}

let n = 0;

/** A further staff member with a unique email. */
export async function makeStaff(db: Db, role: StaffRole, opts: { disabled?: boolean } = {}): Promise<StaffPrincipal> {
  n++;
  const [row] = await db.insert(staffUsers).values({
    email: `staff-${Date.now().toString(36)}-${n}@example.jp`, name: `テスト スタッフ${n}`, role,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$invalid$invalid', disabled: opts.disabled ?? false,
  }).returning({ id: staffUsers.id });
  return { kind: 'staff', id: row.id, role };
}

/** A complete, valid forced-reset request for `customerId`. */
export function resetRequestInput(customerId: string, over: Record<string, unknown> = {}) {
  return {
    customerId,
    checklist: { name: true, birthDate: true, address: true, registeredPhone: true, recentTrade: false },
    reason: '機種変更で旧端末を下取りに出し、パスキーが使えないため',
    caseNumber: 'C-2026-00123',
    ...over,
  };
}

export async function lastAudit(db: Db) {
  const [row] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return row;
}

export async function auditCount(db: Db, action?: string): Promise<number> {
  const rows = action
    ? await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, action))
    : await db.select({ id: auditEvents.id }).from(auditEvents);
  return rows.length;
}
