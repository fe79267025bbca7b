import { z } from 'zod';
import type { StaffRole } from '../../db/schema';
import type { Db } from '../../db/client';
import { fieldErrorsOf } from '../forms/action-state';
import { authorizeStaff, fail, type Principal, type RequestCtx, type StaffIdentity, type StaffResult } from './guard';

/** What an operation runs with: the request's network details and the clock (tests pass their own). */
export type OperationCtx = RequestCtx & { now: Date };

/**
 * One staff operation, declared once: the role it needs, the name a refusal is audited under
 * (`attempted` in 'staff.action.denied'; it also decides the step-up, lib/staff/step-up.ts), the
 * schema of its input, and what it does. Pages and tests call it as a function; the server action
 * of a form is made from the same declaration by `staffAction` (lib/staff/action.ts).
 */
export type StaffOperation<S extends z.ZodType, T> = {
  role: StaffRole;
  name: string;
  schema: S;
  run: (db: Db, staff: StaffIdentity, input: z.output<S>, ctx: OperationCtx) => Promise<StaffResult<T>>;
};

/** An operation that reads no input (a page's data): the schema may be left out. */
type NoInputOperation<T> = Omit<StaffOperation<z.ZodUnknown, T>, 'schema'>;

export type WithInput<S extends z.ZodType, T> = ((
  db: Db,
  principal: Principal,
  input: unknown,
  ctx?: RequestCtx,
  now?: Date,
) => Promise<StaffResult<T>>) & { operation: StaffOperation<S, T> };
export type WithoutInput<T> = ((
  db: Db,
  principal: Principal,
  ctx?: RequestCtx,
  now?: Date,
) => Promise<StaffResult<T>>) & { operation: StaffOperation<z.ZodUnknown, T> };

/**
 * The precondition of every staff operation, in this order: authorize (a signed-in, enabled staff
 * member with the role, and a fresh step-up for a state-changing one), then validate — an
 * unauthorized caller learns nothing about the input rules — then run.
 */
export async function runStaffOperation<S extends z.ZodType, T>(
  op: StaffOperation<S, T>,
  db: Db,
  principal: Principal,
  input: unknown,
  ctx: RequestCtx = {},
  now = ctx.now ?? new Date(),
): Promise<StaffResult<T>> {
  const auth = await authorizeStaff(db, principal, op.role, op.name, ctx);
  if (!auth.ok) return fail(auth.code);
  const parsed = op.schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', fieldErrorsOf(parsed.error));
  return op.run(db, auth.staff, parsed.data, { ...ctx, now });
}

export function staffOperation<S extends z.ZodType, T>(op: StaffOperation<S, T>): WithInput<S, T>;
export function staffOperation<T>(op: NoInputOperation<T>): WithoutInput<T>;
export function staffOperation<S extends z.ZodType, T>(
  op: StaffOperation<S, T> | NoInputOperation<T>,
): WithInput<S, T> | WithoutInput<T> {
  if ('schema' in op) {
    const fn = (db: Db, principal: Principal, input: unknown, ctx?: RequestCtx, now?: Date) =>
      runStaffOperation(op, db, principal, input, ctx, now);
    return Object.assign(fn, { operation: op });
  }
  const full: StaffOperation<z.ZodUnknown, T> = { ...op, schema: z.unknown() };
  const fn = (db: Db, principal: Principal, ctx?: RequestCtx, now?: Date) =>
    runStaffOperation(full, db, principal, undefined, ctx, now);
  return Object.assign(fn, { operation: full });
}
