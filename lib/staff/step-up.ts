import { and, eq, gt, isNull } from 'drizzle-orm';
import { authSessions, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { isSid, isStepUpFresh } from '../auth/sessions';
import { securityPolicy } from '../config/security';

/**
 * Which staff actions need a fresh passkey confirmation (step-up) in the same session
 * (docs/design.md#staff-step-up: a phished staff password alone must not change anything).
 *
 * Viewers only read, so an action a viewer may run is a read by definition. Every operator- or
 * admin-level action needs the step-up unless it is named here as read-only: a new action is
 * guarded by default (fail closed).
 */
const READ_ONLY_PRIVILEGED_ACTIONS: ReadonlySet<string> = new Set([
  'staff.users.list',
  'staff.jobs.read',
  // Checking the audit chain changes no customer or staff data (it records its own result).
  'staff.audit.verify_chain',
  'staff.audit.full_check',
]);

export function requiresStepUp(needed: StaffRole, action: string): boolean {
  return needed !== 'viewer' && !READ_ONLY_PRIVILEGED_ACTIONS.has(action);
}

export type StepUpStatus = 'fresh' | 'stale' | 'missing' | 'session_ended';

/**
 * The step-up state of one staff session. Only the session the request carries counts: a
 * confirmation made in another browser (another `sid`) never covers this one.
 */
export async function stepUpStatus(
  db: Db,
  sid: string | undefined,
  staffId: string,
  now = new Date(),
): Promise<StepUpStatus> {
  if (!isSid(sid)) return 'missing';
  const [row] = await db
    .select({ stepUpAt: authSessions.stepUpAt, endedAt: authSessions.endedAt, expiresAt: authSessions.expiresAt })
    .from(authSessions)
    .where(and(eq(authSessions.id, sid), eq(authSessions.subjectKind, 'staff'), eq(authSessions.subjectId, staffId)))
    .limit(1);
  if (!row) return 'missing';
  if (row.endedAt || row.expiresAt.getTime() <= now.getTime()) return 'session_ended';
  if (!row.stepUpAt) return 'missing';
  return isStepUpFresh(row.stepUpAt, securityPolicy().staffStepUpSeconds, now) ? 'fresh' : 'stale';
}

/**
 * Records a passkey confirmation on the caller's own live staff session. The row must belong to this
 * staff member and still be open: a `sid` from someone else's cookie or an ended session is refused.
 */
export async function recordStaffStepUp(db: Db, sid: string, staffId: string, now = new Date()): Promise<boolean> {
  if (!isSid(sid)) return false;
  const rows = await db
    .update(authSessions)
    .set({ stepUpAt: now })
    .where(
      and(
        eq(authSessions.id, sid),
        eq(authSessions.subjectKind, 'staff'),
        eq(authSessions.subjectId, staffId),
        isNull(authSessions.endedAt),
        gt(authSessions.expiresAt, now),
      ),
    )
    .returning({ id: authSessions.id });
  return rows.length === 1;
}
