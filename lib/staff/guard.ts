import type { StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit';
import { recordRefusal } from '../audit/aggregate';
import { securityPolicy } from '../config/security';
import type { FieldErrors } from '../forms/action-state';
import { clientKey } from '../http/client-key';
import { logger } from '../log';
import { currentStaff, roleAtLeast } from './auth';
import { requiresStepUp, stepUpStatus } from './step-up';

/**
 * Who is calling a staff function. The role a caller claims is never trusted: authorization reads
 * the staff member as stored now (a disabled or demoted member loses access at once).
 */
export type Principal =
  { kind?: 'staff'; id: string; role?: StaffRole; sid?: string } | { kind: 'customer'; id: string } | null | undefined;

/** `sid`: the session the request came with (its passkey step-up is what state-changing actions check). */
export type StaffIdentity = { id: string; email: string; name: string; role: StaffRole; sid?: string };

/** `now`: the clock, injected by tests; where a function takes it, its writes are stamped with it. */
export type RequestCtx = { ip?: string | null; userAgent?: string | null; now?: Date };

export type StaffErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'same_person'
  | 'pending_exists'
  | 'not_pending'
  | 'self_change'
  | 'email_taken'
  | 'not_locked'
  | 'step_up_required'
  | 'linked_account'
  | 'requester_inactive'
  | 'approver_inactive'
  | 'enrollment_code_invalid'
  | 'no_passkey'
  | 'passkey_failed'
  | 'rate_limited';

/** What a staff operation returns: its data, or an error code (and field errors for bad input). */
export type StaffResult<T> = { ok: true; data: T } | { ok: false; code: StaffErrorCode; fieldErrors?: FieldErrors };

export function fail(
  code: StaffErrorCode,
  fieldErrors?: FieldErrors,
): { ok: false; code: StaffErrorCode; fieldErrors?: FieldErrors } {
  return fieldErrors ? { ok: false, code, fieldErrors } : { ok: false, code };
}

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

/**
 * A refused staff action: a log line and an audit event, nothing else written. A signed-in staff
 * member's refusal is audited one by one (it is attributable). A refusal anyone can cause — no
 * session, or a customer's — is aggregated (lib/audit/aggregate): the first per caller (customer id,
 * or a keyed hash of an anonymous client's network) and reason in a window is audited at once with
 * actor `anonymous`/`customer`, the window's count when it closes. Returns false when such a caller
 * is past the per-window cap (answer `rate_limited`).
 */
export async function recordDenial(
  db: Db,
  principal: Principal,
  action: string,
  reason: string,
  ctx: RequestCtx = {},
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const who = !principal ? 'anonymous' : principal.kind === 'customer' ? 'customer' : 'staff';
  const line = {
    event: 'staff.action.denied',
    action,
    reason,
    principal: who,
    principalId: principal?.id ?? null,
    ip: ctx.ip ?? null,
  };
  const customerId = typeof extra.customerId === 'string' ? extra.customerId : null;
  if (who === 'staff') {
    logger.warn(line, 'staff action refused');
    await appendAudit(db, {
      actor: { type: 'staff', id: principal?.id ?? null },
      customerId,
      action: 'staff.action.denied',
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
      details: { attempted: action, reason, principal: who, ...extra },
    });
    return true;
  }
  const actor =
    principal?.kind === 'customer' ? { type: 'customer' as const, id: principal.id } : { type: 'anonymous' as const };
  const p = securityPolicy();
  const d = await recordRefusal(
    db,
    {
      actor,
      action: 'staff.action.denied',
      reason,
      client: actor.id ?? clientKey(ctx.ip ?? 'unknown'),
      ip: ctx.ip ?? null,
      customerId,
      details: { attempted: action, principal: who, ...extra },
    },
    { policy: p.rateLimits.refusalsPerClient, globalMax: p.refusalAuditMaxPerWindow },
  );
  if (d.count === 1) logger.warn(line, 'staff action refused');
  return d.allowed;
}

/**
 * The precondition of every staff function: a signed-in, enabled staff member with at least `needed`,
 * and for a state-changing action a passkey step-up in this same session no older than
 * STAFF_STEP_UP_SECONDS (lib/staff/step-up.ts). Refusals are logged and audited
 * ('staff.action.denied') and change nothing else.
 */
export async function authorizeStaff(
  db: Db,
  principal: Principal,
  needed: StaffRole,
  action: string,
  ctx: RequestCtx = {},
): Promise<
  | { ok: true; staff: StaffIdentity }
  | { ok: false; code: 'unauthenticated' | 'forbidden' | 'rate_limited' | 'step_up_required' }
> {
  const limited = { ok: false, code: 'rate_limited' } as const;
  if (!principal || principal.kind === 'customer' || !isUuid(principal.id)) {
    if (
      !(await recordDenial(
        db,
        principal,
        action,
        principal?.kind === 'customer' ? 'customer_session' : 'no_session',
        ctx,
        { needed },
      ))
    )
      return limited;
    return { ok: false, code: 'unauthenticated' };
  }
  const staff = await currentStaff(db, principal.id);
  if (!staff) {
    if (!(await recordDenial(db, principal, action, 'unknown_or_disabled', ctx, { needed }))) return limited;
    return { ok: false, code: 'unauthenticated' };
  }
  if (!roleAtLeast(staff.role, needed)) {
    if (!(await recordDenial(db, principal, action, 'role', ctx, { needed, role: staff.role }))) return limited;
    return { ok: false, code: 'forbidden' };
  }
  const sid = principal.sid;
  if (requiresStepUp(needed, action)) {
    const stepUp = await stepUpStatus(db, sid, staff.id);
    if (stepUp === 'session_ended') {
      await recordDenial(db, principal, action, 'session_ended', ctx, { needed });
      return { ok: false, code: 'unauthenticated' };
    }
    if (stepUp !== 'fresh') {
      await recordDenial(db, principal, action, stepUp === 'stale' ? 'step_up_stale' : 'step_up_missing', ctx, {
        needed,
      });
      return { ok: false, code: 'step_up_required' };
    }
  }
  return { ok: true, staff: sid ? { ...staff, sid } : staff };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): boolean {
  return typeof v === 'string' && UUID.test(v);
}
