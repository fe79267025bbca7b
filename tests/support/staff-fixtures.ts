import { desc, eq } from 'drizzle-orm';
import { auditEvents, authSessions, customers, staffUsers, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { seedDemo } from '../../db/seed/demo';

export type StaffPrincipal = { kind: 'staff'; id: string; role: StaffRole; sid?: string };

export type StaffCast = {
  viewer: StaffPrincipal;
  operator: StaffPrincipal;
  operator2: StaffPrincipal;
  admin: StaffPrincipal;
  demoLockedId: string;
  demoNormalId: string;
};

/**
 * The demo data (two customers, four staff), with each staff member as a principal signed in with a
 * session of their own that has a passkey step-up (`{ stepUp: false }`: the password alone).
 */
export async function seedStaffCast(db: Db, opts: { stepUp?: boolean } = {}): Promise<StaffCast> {
  await seedDemo(db);
  const staff = await db.select().from(staffUsers);
  const byEmail = (email: string) => {
    const s = staff.find((x) => x.email === email);
    if (!s) throw new Error(`missing staff ${email}`);
    return staffSession(db, { kind: 'staff' as const, id: s.id, role: s.role }, { stepUp: opts.stepUp ?? true });
  };
  const cust = await db.select({ id: customers.id, loginId: customers.loginId }).from(customers);
  return {
    viewer: await byEmail('viewer@example.jp'),
    operator: await byEmail('operator@example.jp'),
    operator2: await byEmail('operator2@example.jp'),
    admin: await byEmail('admin@example.jp'),
    demoLockedId: cust.find((c) => c.loginId === 'demo-locked')!.id,
    demoNormalId: cust.find((c) => c.loginId === 'demo-normal')!.id,
  };
}

/**
 * A signed-in staff session (an auth_sessions row, as sign-in writes it) for `p`; with `stepUp` its
 * passkey step-up is recorded now (or at `stepUpAt`). The ceremony itself is tested in staff-passkeys.
 */
export async function staffSession(
  db: Db,
  p: StaffPrincipal,
  opts: { stepUp?: boolean; stepUpAt?: Date } = {},
): Promise<StaffPrincipal> {
  const now = Date.now();
  const [row] = await db
    .insert(authSessions)
    .values({
      subjectKind: 'staff',
      subjectId: p.id,
      expiresAt: new Date(now + 8 * 3600_000),
      stepUpAt: opts.stepUpAt ?? (opts.stepUp ? new Date(now) : null),
    })
    .returning({ id: authSessions.id });
  return { ...p, sid: row.id };
}

let n = 0;

/** A further staff member with a unique email (signed in, with a step-up unless `stepUp: false`). */
export async function makeStaff(
  db: Db,
  role: StaffRole,
  opts: { disabled?: boolean; stepUp?: boolean; createdBy?: string } = {},
): Promise<StaffPrincipal> {
  n++;
  const [row] = await db
    .insert(staffUsers)
    .values({
      email: `staff-${Date.now().toString(36)}-${n}@example.jp`,
      name: `テスト スタッフ${n}`,
      role,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$invalid$invalid',
      disabled: opts.disabled ?? false,
      createdBy: opts.createdBy ?? null,
    })
    .returning({ id: staffUsers.id });
  return staffSession(db, { kind: 'staff', id: row.id, role }, { stepUp: opts.stepUp ?? true });
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
