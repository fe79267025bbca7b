import type { z } from 'zod';
import type { StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit';
import { logger } from '../log';
import { currentStaff, roleAtLeast } from './auth';

/**
 * Who is calling a staff function. The role a caller claims is never trusted: authorization reads
 * the staff member as stored now (a disabled or demoted member loses access at once).
 */
export type Principal =
  | { kind?: 'staff'; id: string; role?: StaffRole }
  | { kind: 'customer'; id: string }
  | null
  | undefined;

export type StaffIdentity = { id: string; email: string; name: string; role: StaffRole };

export type RequestCtx = { ip?: string | null; userAgent?: string | null };

export type StaffErrorCode =
  | 'unauthenticated' | 'forbidden' | 'invalid_input' | 'not_found' | 'conflict'
  | 'same_person' | 'pending_exists' | 'not_pending' | 'self_change' | 'email_taken' | 'not_locked';

export type StaffResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: StaffErrorCode; status: 400 | 401 | 403 | 404 | 409; fieldErrors?: Record<string, string[]> };

const STATUS: Record<StaffErrorCode, 400 | 401 | 403 | 404 | 409> = {
  unauthenticated: 401, forbidden: 403, invalid_input: 400, not_found: 404, conflict: 409,
  same_person: 403, pending_exists: 409, not_pending: 409, self_change: 403, email_taken: 409, not_locked: 409,
};

export function fail(code: StaffErrorCode, fieldErrors?: Record<string, string[]>): { ok: false; code: StaffErrorCode; status: 400 | 401 | 403 | 404 | 409; fieldErrors?: Record<string, string[]> } {
  return fieldErrors ? { ok: false, code, status: STATUS[code], fieldErrors } : { ok: false, code, status: STATUS[code] };
}

export function ok<T>(data: T): { ok: true; data: T } {
  return { ok: true, data };
}

/** A refused staff action: one log line and one audit event, nothing else written. */
export async function recordDenial(
  db: Db,
  principal: Principal,
  action: string,
  reason: string,
  ctx: RequestCtx = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  const who = !principal ? 'anonymous' : principal.kind === 'customer' ? 'customer' : 'staff';
  logger.warn({ event: 'staff.action.denied', action, reason, principal: who, principalId: principal?.id ?? null, ip: ctx.ip ?? null }, 'staff action refused');
  await appendAudit(db, {
    actor: principal?.kind === 'customer' ? { type: 'customer', id: principal.id } : { type: 'staff', id: principal?.id ?? null },
    customerId: typeof extra.customerId === 'string' ? extra.customerId : null,
    action: 'staff.action.denied',
    ip: ctx.ip ?? null,
    userAgent: ctx.userAgent ?? null,
    details: { attempted: action, reason, principal: who, ...extra },
  });
}

/**
 * The precondition of every staff function: a signed-in, enabled staff member with at least `needed`.
 * Refusals are logged and audited ('staff.action.denied') and change nothing else.
 */
export async function authorizeStaff(
  db: Db,
  principal: Principal,
  needed: StaffRole,
  action: string,
  ctx: RequestCtx = {},
): Promise<{ ok: true; staff: StaffIdentity } | { ok: false; code: 'unauthenticated' | 'forbidden'; status: 401 | 403 }> {
  if (!principal || principal.kind === 'customer' || !isUuid(principal.id)) {
    await recordDenial(db, principal, action, principal?.kind === 'customer' ? 'customer_session' : 'no_session', ctx, { needed });
    return { ok: false, code: 'unauthenticated', status: 401 };
  }
  const staff = await currentStaff(db, principal.id);
  if (!staff) {
    await recordDenial(db, principal, action, 'unknown_or_disabled', ctx, { needed });
    return { ok: false, code: 'unauthenticated', status: 401 };
  }
  if (!roleAtLeast(staff.role, needed)) {
    await recordDenial(db, principal, action, 'role', ctx, { needed, role: staff.role });
    return { ok: false, code: 'forbidden', status: 403 };
  }
  return { ok: true, staff };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(v: unknown): boolean {
  return typeof v === 'string' && UUID.test(v);
}

/** zod issues as `{ field: [code, …] }`, the shape the forms show next to each field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_form';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Authorize, then validate: an unauthorized caller learns nothing about the input rules. */
export async function guarded<S extends z.ZodType, T>(
  db: Db,
  principal: Principal,
  needed: StaffRole,
  action: string,
  schema: S,
  input: unknown,
  ctx: RequestCtx,
  fn: (staff: StaffIdentity, data: z.output<S>) => Promise<StaffResult<T>>,
): Promise<StaffResult<T>> {
  const auth = await authorizeStaff(db, principal, needed, action, ctx);
  if (!auth.ok) return fail(auth.code);
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', fieldErrorsOf(parsed.error));
  return fn(auth.staff, parsed.data);
}
