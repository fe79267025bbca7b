import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { authSessions, customers, staffUsers, type StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { securityPolicy } from '../config/security';
import { SESSION_MAX_AGE_SECONDS } from './auth.config';

/**
 * Server-side sessions (docs/design.md#sessions). The next-auth JWT carries only the row id
 * (`sid`); the row decides whether the session is alive. Signing out sets `ended_at`, so a copied
 * cookie is refused afterwards; a fresh re-authentication sets `step_up_at`, which guards the
 * actions that change how one logs in (docs/design.md#step-up).
 */
export type SessionKind = 'customer' | 'staff';

export type SessionState = { active: boolean; kind: SessionKind; subjectId: string; stepUpAt: Date | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A sid that is not a UUID can name no row; checked before SQL so it never becomes a cast error. */
export function isSid(sid: unknown): sid is string {
  return typeof sid === 'string' && UUID.test(sid);
}

/**
 * A new row for a sign-in; its lifetime is the session's absolute maximum (not extended by use).
 * Without `now` the database's clock stamps it, the same clock that stamps a recovery's
 * `sessions_valid_after`, so a session begun after a recovery is never judged older than it.
 */
export async function startSession(db: Db, kind: SessionKind, subjectId: string, now?: Date): Promise<string> {
  const [row] = await db
    .insert(authSessions)
    .values({
      subjectKind: kind,
      subjectId,
      createdAt: now ?? sql`now()`,
      expiresAt: now
        ? new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000)
        : sql`now() + make_interval(secs => ${SESSION_MAX_AGE_SECONDS})`,
    })
    .returning({ id: authSessions.id });
  return row.id;
}

/** Idempotent: ending an ended (or unknown) session changes nothing. */
export async function endSession(db: Db, sid: string, now: Date = new Date()): Promise<void> {
  if (!isSid(sid)) return;
  await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(and(eq(authSessions.id, sid), isNull(authSessions.endedAt)));
}

/** Ends every live session of one subject (a recovery, a lock, a disabled staff member). */
export async function endSessionsOf(
  db: Db,
  kind: SessionKind,
  subjectId: string,
  now: Date = new Date(),
): Promise<number> {
  const rows = await db
    .update(authSessions)
    .set({ endedAt: now })
    .where(and(eq(authSessions.subjectKind, kind), eq(authSessions.subjectId, subjectId), isNull(authSessions.endedAt)))
    .returning({ id: authSessions.id });
  return rows.length;
}

/**
 * Records a successful re-authentication in this session only. A session that is ended or expired
 * gets nothing (the guarded UPDATE matches no row), so a late step-up cannot revive it.
 */
export async function recordStepUp(db: Db, sid: string, now: Date = new Date()): Promise<void> {
  if (!isSid(sid)) return;
  await db
    .update(authSessions)
    .set({ stepUpAt: now })
    .where(and(eq(authSessions.id, sid), isNull(authSessions.endedAt), gt(authSessions.expiresAt, now)));
}

export async function sessionState(db: Db, sid: string): Promise<SessionState | null> {
  if (!isSid(sid)) return null;
  const [row] = await db.select().from(authSessions).where(eq(authSessions.id, sid)).limit(1);
  if (!row) return null;
  return {
    active: row.endedAt === null && row.expiresAt.getTime() > Date.now(),
    kind: row.subjectKind,
    subjectId: row.subjectId,
    stepUpAt: row.stepUpAt,
  };
}

/** A step-up counts for `maxAgeSeconds`; one stamped in the future (clock skew beyond 5 s) does not. */
export function isStepUpFresh(stepUpAt: Date | null, maxAgeSeconds: number, now: Date = new Date()): boolean {
  if (!stepUpAt) return false;
  const age = now.getTime() - stepUpAt.getTime();
  return age >= -5000 && age <= maxAgeSeconds * 1000;
}

export type StepUpCode = 'step_up_required' | 'step_up_expired';

/** The change needs a fresh re-authentication first; `step_up_expired` when there was one, too old. */
export class StepUpError extends Error {
  constructor(public readonly code: StepUpCode) {
    super(code);
  }
}

/**
 * The guard of every change to how a customer logs in, run where the change is written (inside its
 * transaction when it has one): the session must be live, belong to this customer, and carry a
 * step-up no older than STEP_UP_SECONDS. Reads the row again rather than trusting an earlier read.
 */
export async function assertFreshStepUp(
  db: Db,
  guard: { sid: string; customerId: string },
  now: Date = new Date(),
): Promise<void> {
  const state = await sessionState(db, guard.sid);
  if (!state || !state.active || state.kind !== 'customer' || state.subjectId !== guard.customerId)
    throw new StepUpError('step_up_required');
  if (!isStepUpFresh(state.stepUpAt, securityPolicy().stepUpSeconds, now)) {
    throw new StepUpError(state.stepUpAt ? 'step_up_expired' : 'step_up_required');
  }
}

/** What one request learns from its session row, joined with the subject it names. */
export type LiveSession =
  | { sid: string; kind: 'customer'; subjectId: string; stepUpAt: Date | null }
  | {
      sid: string;
      kind: 'staff';
      subjectId: string;
      stepUpAt: Date | null;
      staff: { id: string; email: string; name: string; role: StaffRole };
    };

/**
 * The per-request check: one read by primary key, joined with the customer (recovery's
 * `sessions_valid_after`, a lock) or the staff member (disabled, the role as stored now).
 * Null when the row is missing, ended, expired, names another subject than the token, or its
 * subject may no longer sign in.
 */
export async function loadLiveSession(
  db: Db,
  sid: unknown,
  expected: { kind: unknown; subjectId: unknown },
  now: Date = new Date(),
): Promise<LiveSession | null> {
  if (!isSid(sid)) return null;
  const [row] = await db
    .select({
      kind: authSessions.subjectKind,
      subjectId: authSessions.subjectId,
      createdAt: authSessions.createdAt,
      stepUpAt: authSessions.stepUpAt,
      endedAt: authSessions.endedAt,
      expiresAt: authSessions.expiresAt,
      validAfter: customers.sessionsValidAfter,
      lockedAt: customers.loginLockedAt,
      staffId: staffUsers.id,
      staffDisabled: staffUsers.disabled,
      staffRole: staffUsers.role,
      staffEmail: staffUsers.email,
      staffName: staffUsers.name,
    })
    .from(authSessions)
    .leftJoin(customers, and(sql`${authSessions.subjectKind} = 'customer'`, eq(customers.id, authSessions.subjectId)))
    .leftJoin(staffUsers, and(sql`${authSessions.subjectKind} = 'staff'`, eq(staffUsers.id, authSessions.subjectId)))
    .where(eq(authSessions.id, sid))
    .limit(1);
  if (!row || row.endedAt || row.expiresAt.getTime() <= now.getTime()) return null;
  if (row.kind !== expected.kind || row.subjectId !== expected.subjectId) return null;
  if (row.kind === 'customer') {
    // Recovery and locks stamp `sessions_valid_after`: every session that began before it is dead.
    if (!row.validAfter || row.lockedAt || row.createdAt.getTime() < row.validAfter.getTime()) return null;
    return { sid, kind: 'customer', subjectId: row.subjectId, stepUpAt: row.stepUpAt };
  }
  if (!row.staffId || row.staffDisabled || !row.staffRole) return null;
  return {
    sid,
    kind: 'staff',
    subjectId: row.subjectId,
    stepUpAt: row.stepUpAt,
    staff: { id: row.staffId, email: row.staffEmail ?? '', name: row.staffName ?? '', role: row.staffRole },
  };
}
