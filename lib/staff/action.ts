import 'server-only';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { actionError, FORM_FIELD, type ActionResult } from '../forms/action-state';
import { logger } from '../log';
import type { Principal, RequestCtx, StaffErrorCode } from './guard';
import { runStaffOperation, type StaffOperation } from './operation';

/** What a staff form's server action returns. Errors are codes the form translates; never an exception's text. */
export type StaffActionResult<T> = ActionResult<T, StaffErrorCode | 'error'>;

export type StaffActionDeps = {
  db: () => Promise<Db>;
  principal: () => Promise<Principal>;
  ctx: () => Promise<RequestCtx>;
};

/**
 * Builds a server action (a public POST endpoint) from a staff operation's one declaration: who is
 * calling is read from the session, and the operation authorizes (role as stored now, step-up),
 * validates and runs (lib/staff/operation.ts). Refusals are logged and audited
 * ('staff.action.denied') and write nothing else; an exception is logged and answered `error`.
 */
export function makeStaffAction<S extends z.ZodType, T>(
  deps: StaffActionDeps,
  op: { operation: StaffOperation<S, T> } | StaffOperation<S, T>,
): (input: unknown) => Promise<StaffActionResult<T>> {
  const declared = 'operation' in op ? op.operation : op;
  return async (input: unknown) => {
    try {
      const db = await deps.db();
      const ctx = await deps.ctx();
      const res = await runStaffOperation(declared, db, await deps.principal(), input, ctx);
      if (res.ok) return res;
      const fieldErrors = res.fieldErrors ?? {};
      // A rule about the whole form (e.g. "give a login ID or an account") is the form's error.
      const formError =
        res.code === 'invalid_input' && fieldErrors[FORM_FIELD]
          ? (fieldErrors[FORM_FIELD] as StaffErrorCode)
          : res.code;
      return actionError(formError, fieldErrors);
    } catch (err) {
      const { unstable_rethrow } = await import('next/navigation');
      unstable_rethrow(err);
      logger.error({ err, action: declared.name }, 'staff action failed');
      return actionError('error');
    }
  };
}

async function requestDeps(): Promise<StaffActionDeps> {
  const [{ getDb }, { auth, getStaffSession }, { headers }, { clientIp, userAgent }] = await Promise.all([
    import('../../db/client'),
    import('../auth'),
    import('next/headers'),
    import('../http/client-info'),
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

/** The one wrapper every staff server action is made with: `export const x = staffAction(someOperation)`. */
export function staffAction<S extends z.ZodType, T>(
  op: { operation: StaffOperation<S, T> } | StaffOperation<S, T>,
): (input: unknown) => Promise<StaffActionResult<T>> {
  const lazy: StaffActionDeps = {
    db: async () => (await requestDeps()).db(),
    principal: async () => (await requestDeps()).principal(),
    ctx: async () => (await requestDeps()).ctx(),
  };
  return makeStaffAction(lazy, op);
}
