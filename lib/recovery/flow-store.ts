import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { customers, recoveryFlows, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { ts } from './context';
import { ACTIVE_STEPS, type RecoveryStep } from './flow';
import { hashFlowToken, isWellFormedFlowToken } from './tokens';

/*
 * The flow store (Kratos' persister): how a recovery flow row is found, read again, mapped from raw
 * SQL and ended. The browser holds only the token; the row is found by its sha-256.
 */

export type FlowUpdate = Partial<typeof recoveryFlows.$inferInsert>;

/** The flow a token names, or null (a malformed token is never looked up). */
export async function loadFlow(db: Db, token: string): Promise<RecoveryFlow | null> {
  if (!isWellFormedFlowToken(token)) return null;
  const [flow] = await db
    .select()
    .from(recoveryFlows)
    .where(eq(recoveryFlows.tokenHash, hashFlowToken(token)))
    .limit(1);
  return flow ?? null;
}

/** The flow as it is now, after another request may have changed it. */
export async function reloadFlow(db: Db, id: string): Promise<RecoveryFlow> {
  const [flow] = await db.select().from(recoveryFlows).where(eq(recoveryFlows.id, id)).limit(1);
  return flow;
}

export const asDate = (v: unknown): Date | null => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

/** A recovery_flows row read by raw SQL (snake_case, driver values) as drizzle would map it. */
export function flowFromRow(r: Record<string, unknown>): RecoveryFlow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(recoveryFlows))) {
    const v = r[col.name];
    out[key] = v == null ? null : col.mapFromDriverValue(v);
  }
  return out as RecoveryFlow;
}

/** The customer a flow is bound to (after step 1), or null. */
export async function boundCustomer(db: Db, flow: RecoveryFlow) {
  if (!flow.customerId) return null;
  const [c] = await db.select().from(customers).where(eq(customers.id, flow.customerId)).limit(1);
  return c ?? null;
}

/** The lock state of an account (for isAccountLocked), or undefined. */
export async function accountLockState(db: Db, customerId: string) {
  const [account] = await db
    .select({ recoveryLockedUntil: customers.recoveryLockedUntil, loginLockedAt: customers.loginLockedAt })
    .from(customers)
    .where(eq(customers.id, customerId));
  return account;
}

/** Ends a live flow as `expired`, `locked` or `cancelled`; false when it was no longer live. */
export async function endFlow(
  db: Db,
  flowId: string,
  to: Extract<RecoveryStep, 'expired' | 'locked' | 'cancelled'>,
  also: FlowUpdate = {},
): Promise<boolean> {
  const rows = await db
    .update(recoveryFlows)
    .set({ ...also, step: to })
    .where(and(eq(recoveryFlows.id, flowId), inArray(recoveryFlows.step, [...ACTIVE_STEPS])))
    .returning({ id: recoveryFlows.id });
  return rows.length === 1;
}

/** Locks a flow still at `step` (its last failure); false when another request moved it first. */
export async function lockFlowAt(db: Db, flowId: string, step: RecoveryStep): Promise<boolean> {
  const rows = await db
    .update(recoveryFlows)
    .set({ step: 'locked' })
    .where(and(eq(recoveryFlows.id, flowId), eq(recoveryFlows.step, step)))
    .returning({ id: recoveryFlows.id });
  return rows.length === 1;
}

/** Gives a reserved attempt back to the flow: it turned out to be no failure at all. */
export async function returnFlowAttempt(db: Db, flowId: string): Promise<void> {
  await db
    .update(recoveryFlows)
    .set({ failedAttempts: sql`greatest(${recoveryFlows.failedAttempts} - 1, 0)` })
    .where(eq(recoveryFlows.id, flowId));
}

/** Guard of every advance past step 1: the account of the flow is not locked (recovery lock or /recovery/not-me). */
export function customerNotLocked(now: Date): SQL {
  return sql`not exists (select 1 from customers c where c.id = ${recoveryFlows.customerId}
    and (c.recovery_locked_until > ${ts(now)} or c.login_locked_at is not null))`;
}
