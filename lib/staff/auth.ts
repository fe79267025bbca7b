import { eq } from 'drizzle-orm';
import { staffUsers, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit';
import { claimLoginAttempt, recordLoginFailure, recordLoginSuccess } from '../auth/login-throttle';
import { verifySecret } from '../auth/password';
import { securityPolicy } from '../config/security';
import { checkLimit } from '../rate-limit';

export type StaffLoginResult =
  | { ok: true; staff: { id: string; email: string; name: string; role: StaffRole } }
  | { ok: false; code: 'invalid_credentials' | 'login_suspended' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/**
 * Staff sign-in with email and password: the per-IP limit, then the per-ID throttle of customers with
 * the staff kind (lib/auth/login-throttle.ts), both before the hash; one argon2 verify otherwise.
 */
export async function staffLoginResult(
  db: Db,
  input: { email: string; password: string },
  ctx: { ip: string; userAgent?: string | null; now?: Date },
): Promise<StaffLoginResult> {
  const now = ctx.now ?? new Date();
  const limit = await checkLimit(db, securityPolicy().rateLimits.staffLoginsPerIp, `staff-login:ip:${ctx.ip}`, now);
  if (!limit.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const claim = await claimLoginAttempt(db, 'staff', input.email, now);
  if (!claim.allowed) {
    return claim.reason === 'suspended'
      ? { ok: false, code: 'login_suspended' }
      : { ok: false, code: 'rate_limited', retryAfterSeconds: claim.retryAfterSeconds };
  }
  const [staff] = await db.select().from(staffUsers).where(eq(staffUsers.email, input.email)).limit(1);
  const ok = await verifySecret(staff?.passwordHash, input.password);
  if (ok) await recordLoginSuccess(db, claim);
  if (!staff || !ok || staff.disabled) {
    await appendAudit(db, {
      at: now,
      actor: { type: 'staff', id: staff?.id ?? null },
      action: 'staff.login.failed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { email: input.email },
    });
    if (!ok) {
      await recordLoginFailure(db, claim, {
        now,
        onSuspend: (tx) =>
          appendAudit(tx, {
            at: now,
            actor: { type: 'staff', id: staff?.id ?? null },
            action: 'staff.login.suspended',
            ip: ctx.ip,
            userAgent: ctx.userAgent,
            details: { email: input.email, failures: claim.failures },
          }),
      });
    }
    return { ok: false, code: 'invalid_credentials' };
  }
  await appendAudit(db, {
    at: now,
    actor: { type: 'staff', id: staff.id },
    action: 'staff.login.succeeded',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { ok: true, staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role } };
}

/** The staff member on success, else null (callers that need no reason). */
export async function staffLogin(
  db: Db,
  input: { email: string; password: string },
  ctx: { ip: string; userAgent?: string | null; now?: Date },
) {
  const res = await staffLoginResult(db, input, ctx);
  return res.ok ? res.staff : null;
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
