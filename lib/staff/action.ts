import 'server-only';
import type { z } from 'zod';
import type { StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { logger } from '../log';
import { authorizeStaff, fieldErrorsOf, type Principal, type RequestCtx, type StaffErrorCode, type StaffIdentity, type StaffResult } from './guard';

/** What a staff server action returns to its form. Errors are codes the form translates; never an exception's text. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; formError: StaffErrorCode | 'error' | null; fieldErrors: Record<string, string[]> };

export type StaffActionDeps = {
  db: () => Promise<Db>;
  principal: () => Promise<Principal>;
  ctx: () => Promise<RequestCtx>;
};

/**
 * Builds a server action (a public POST endpoint): who is calling is read from the session, the role is
 * checked against the staff member as stored now, the input is validated with the form's zod schema,
 * and only then `fn` runs. Refusals are logged and audited ('staff.action.denied') and write nothing else.
 * `fn` calls a lib/staff function that checks the role again itself (defense in depth).
 */
export function makeStaffAction<S extends z.ZodType, T>(
  deps: StaffActionDeps,
  role: StaffRole,
  schema: S,
  fn: (staff: StaffIdentity, input: z.output<S>, ctx: RequestCtx & { db: Db }) => Promise<StaffResult<T>>,
  opts: { name?: string } = {},
): (input: unknown) => Promise<ActionResult<T>> {
  const name = opts.name ?? 'staff.action';
  return async (input: unknown) => {
    try {
      const db = await deps.db();
      const ctx = await deps.ctx();
      const principal = await deps.principal();
      const auth = await authorizeStaff(db, principal, role, name, ctx);
      if (!auth.ok) return { ok: false, status: auth.status, formError: auth.code, fieldErrors: {} };
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors = fieldErrorsOf(parsed.error);
        return { ok: false, status: 400, formError: fieldErrors._form ? (fieldErrors._form[0] as StaffErrorCode) : 'invalid_input', fieldErrors };
      }
      const res = await fn(auth.staff, parsed.data, { ...ctx, db });
      if (res.ok) return res;
      return { ok: false, status: res.status, formError: res.code, fieldErrors: res.fieldErrors ?? {} };
    } catch (err) {
      const { unstable_rethrow } = await import('next/navigation');
      unstable_rethrow(err);
      logger.error({ err, action: name }, 'staff action failed');
      return { ok: false, status: 500, formError: 'error', fieldErrors: {} };
    }
  };
}

async function requestDeps(): Promise<StaffActionDeps> {
  const [{ getDb }, { auth, getStaffSession }, { headers }, { clientIp, userAgent }] = await Promise.all([
    import('../../db/client'), import('../auth'), import('next/headers'), import('../http/client-info'),
  ]);
  return {
    db: getDb,
    principal: async () => {
      const staff = await getStaffSession();
      // The session id travels with the principal: a state-changing action checks that session's step-up.
      if (staff) return { kind: 'staff', id: staff.id, role: staff.role, sid: staff.sid };
      // Not staff: remember whether it was a customer session, for the refusal's audit event.
      const session = await auth();
      return session?.kind === 'customer' && session.subjectId ? { kind: 'customer', id: session.subjectId } : null;
    },
    ctx: async () => {
      const h = await headers();
      return { ip: clientIp(h), userAgent: userAgent(h) };
    },
  };
}

/** The wrapper every staff server action is written with. */
export function staffAction<S extends z.ZodType, T>(
  role: StaffRole,
  schema: S,
  fn: (staff: StaffIdentity, input: z.output<S>, ctx: RequestCtx & { db: Db }) => Promise<StaffResult<T>>,
  opts: { name?: string } = {},
): (input: unknown) => Promise<ActionResult<T>> {
  const lazy: StaffActionDeps = {
    db: async () => (await requestDeps()).db(),
    principal: async () => (await requestDeps()).principal(),
    ctx: async () => (await requestDeps()).ctx(),
  };
  return makeStaffAction(lazy, role, schema, fn, opts);
}
