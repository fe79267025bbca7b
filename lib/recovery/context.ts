import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appendAudit, type AuditAction, type AuditInput } from '../audit';
import type { RecoveryContext, RecoveryError, RecoveryResult } from './types';

/** What every recovery step shares: its request context, its clock, its result shape and its audit events. */

export type Ctx = RecoveryContext;

export function fail<T>(error: RecoveryError): RecoveryResult<T> {
  return { ok: false, error };
}

/** Server time (tests inject it), never the client's. */
export function clock(ctx: Ctx): Date {
  return ctx.now ?? new Date();
}

export function ts(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

export type EventFields = { flowId?: string | null; customerId?: string | null; details?: Record<string, unknown> };

/** An audit event of the customer side: who (the customer, when known), what, the IP and user agent, the channel. */
export function auditInput(ctx: Ctx, action: AuditAction, a: EventFields = {}): AuditInput {
  return {
    at: ctx.now,
    actor: { type: 'customer', id: a.customerId ?? null },
    customerId: a.customerId ?? null,
    flowId: a.flowId ?? null,
    action,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { channel: ctx.channel ?? 'web', ...(a.details ?? {}) },
  };
}

export async function audit(db: Db, ctx: Ctx, action: AuditAction, a: EventFields = {}): Promise<void> {
  await appendAudit(db, auditInput(ctx, action, a));
}
