import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { authSessions, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
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
  'staff.audit.verify_chain',
]);

export function requiresStepUp(needed: StaffRole, action: string): boolean {
  return needed !== 'viewer' && !READ_ONLY_PRIVILEGED_ACTIONS.has(action);
}

export type StepUpStatus = 'fresh' | 'stale' | 'missing' | 'session_ended';

/**
 * The step-up state of one staff session. Only the session the request carries counts: a
 * confirmation made in another browser (another `sid`) never covers this one.
 */
export async function stepUpStatus(db: Db, sid: string | undefined, staffId: string, now = new Date()): Promise<StepUpStatus> {
  if (!sid || !UUID.test(sid)) return 'missing';
  const [row] = await db.select({ stepUpAt: authSessions.stepUpAt, endedAt: authSessions.endedAt, expiresAt: authSessions.expiresAt })
    .from(authSessions)
    .where(and(eq(authSessions.id, sid), eq(authSessions.subjectKind, 'staff'), eq(authSessions.subjectId, staffId)))
    .limit(1);
  if (!row) return 'missing';
  if (row.endedAt || row.expiresAt.getTime() <= now.getTime()) return 'session_ended';
  if (!row.stepUpAt) return 'missing';
  return stepUpFresh(row.stepUpAt, securityPolicy().staffStepUpSeconds, now) ? 'fresh' : 'stale';
}

/** Fresh means no older than `maxAgeSeconds` (and not from the future, which a skewed clock could claim). */
export function stepUpFresh(stepUpAt: Date | null, maxAgeSeconds: number, now = new Date()): boolean {
  if (!stepUpAt) return false;
  const age = now.getTime() - stepUpAt.getTime();
  return age >= -5_000 && age <= maxAgeSeconds * 1000;
}

/**
 * Records a passkey confirmation on the caller's own live staff session. The row must belong to this
 * staff member and still be open: a `sid` from someone else's cookie or an ended session is refused.
 */
export async function recordStaffStepUp(db: Db, sid: string, staffId: string, now = new Date()): Promise<boolean> {
  if (!UUID.test(sid)) return false;
  const rows = await db.update(authSessions).set({ stepUpAt: now })
    .where(and(
      eq(authSessions.id, sid), eq(authSessions.subjectKind, 'staff'), eq(authSessions.subjectId, staffId),
      isNull(authSessions.endedAt), gt(authSessions.expiresAt, sql`${now.toISOString()}::timestamptz`),
    ))
    .returning({ id: authSessions.id });
  return rows.length === 1;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
