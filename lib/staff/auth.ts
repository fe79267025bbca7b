import { eq } from 'drizzle-orm';
import { staffUsers, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit';
import { verifySecret } from '../auth/password';
import { hit } from '../rate-limit';

export async function staffLogin(db: Db, input: { email: string; password: string }, ctx: { ip: string; userAgent?: string | null }) {
  const limit = await hit(db, `staff-login:ip:${ctx.ip}`, 30, 15 * 60_000);
  if (!limit.allowed) return null;
  const [staff] = await db.select().from(staffUsers).where(eq(staffUsers.email, input.email)).limit(1);
  const ok = await verifySecret(staff?.passwordHash, input.password);
  if (!staff || !ok || staff.disabled) {
    await appendAudit(db, { actor: { type: 'staff', id: staff?.id ?? null }, action: 'staff.login.failed', ip: ctx.ip, userAgent: ctx.userAgent, details: { email: input.email } });
    return null;
  }
  await appendAudit(db, { actor: { type: 'staff', id: staff.id }, action: 'staff.login.succeeded', ip: ctx.ip, userAgent: ctx.userAgent });
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role };
}

const RANK: Record<StaffRole, number> = { viewer: 1, operator: 2, admin: 3 };

export function roleAtLeast(role: StaffRole | undefined, needed: StaffRole): boolean {
  return !!role && RANK[role] >= RANK[needed];
}

/** The role as stored now (a disabled or demoted member loses access at once, whatever the token says). */
export async function currentStaff(db: Db, staffId: string) {
  const [staff] = await db.select().from(staffUsers).where(eq(staffUsers.id, staffId)).limit(1);
  if (!staff || staff.disabled) return null;
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role };
}
