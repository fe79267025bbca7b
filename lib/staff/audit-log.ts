import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, customers, staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';
import { verifyAuditChain, type ChainCheck } from '../audit';
import { normalizeLoginId } from '../auth/schemas';
import { logger } from '../log';
import { guarded, isUuid, ok, type Principal, type RequestCtx, type StaffResult } from './guard';
import { auditFilterSchema } from './schemas';

export const AUDIT_PAGE_SIZE = 50;

export type AuditLogRow = {
  id: number;
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  customerId: string | null;
  customerLoginId: string | null;
  flowId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

export type AuditPage = { rows: AuditLogRow[]; nextBefore: number | null };

/** A date typed by staff is a day in Japan time. */
function jstDayStart(date: string): Date {
  return new Date(`${date}T00:00:00+09:00`);
}

function likePrefix(v: string): string {
  return `${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function queryAuditLog(db: Db, principal: Principal, input: unknown, ctx: RequestCtx = {}): Promise<StaffResult<AuditPage>> {
  return guarded(db, principal, 'viewer', 'staff.audit.read', auditFilterSchema, input, ctx, async (_staff, f) => {
    const where: SQL[] = [];
    if (f.action) where.push(sql`${auditEvents.action} like ${likePrefix(f.action)}`);
    if (f.customer) {
      if (isUuid(f.customer)) where.push(eq(auditEvents.customerId, f.customer));
      else {
        const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.loginId, normalizeLoginId(f.customer))).limit(1);
        if (!c) return ok({ rows: [], nextBefore: null });
        where.push(eq(auditEvents.customerId, c.id));
      }
    }
    if (f.actor) {
      if (isUuid(f.actor)) where.push(eq(auditEvents.actorId, f.actor));
      else if (f.actor.includes('@')) {
        const [s] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.email, f.actor.toLowerCase())).limit(1);
        if (!s) return ok({ rows: [], nextBefore: null });
        where.push(and(eq(auditEvents.actorType, 'staff'), eq(auditEvents.actorId, s.id))!);
      } else {
        const [c] = await db.select({ id: customers.id }).from(customers).where(eq(customers.loginId, normalizeLoginId(f.actor))).limit(1);
        if (!c) return ok({ rows: [], nextBefore: null });
        where.push(and(eq(auditEvents.actorType, 'customer'), eq(auditEvents.actorId, c.id))!);
      }
    }
    if (f.from) where.push(gte(auditEvents.at, jstDayStart(f.from)));
    if (f.to) where.push(lt(auditEvents.at, new Date(jstDayStart(f.to).getTime() + 24 * 3600_000)));
    if (f.before) where.push(lt(auditEvents.id, f.before));

    const rows = await db.select({
      id: auditEvents.id, at: auditEvents.at, action: auditEvents.action, actorType: auditEvents.actorType,
      actorId: auditEvents.actorId, actorName: staffUsers.name, customerId: auditEvents.customerId,
      customerLoginId: customers.loginId, flowId: auditEvents.flowId, ip: auditEvents.ip, details: auditEvents.details,
    }).from(auditEvents)
      .leftJoin(staffUsers, and(eq(auditEvents.actorType, 'staff'), eq(sql`${staffUsers.id}::text`, auditEvents.actorId)))
      .leftJoin(customers, eq(customers.id, auditEvents.customerId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(auditEvents.id))
      .limit(AUDIT_PAGE_SIZE + 1);
    const page = rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }));
    return ok({ rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1].id : null });
  });
}

/** The hash-chain check (admin only). A broken chain is also an error log line for the on-call. */
export async function checkAuditChain(db: Db, principal: Principal, ctx: RequestCtx = {}): Promise<StaffResult<ChainCheck>> {
  return guarded(db, principal, 'admin', 'staff.audit.verify_chain', z.unknown(), undefined, ctx, async () => {
    const result = await verifyAuditChain(db);
    if (!result.ok) logger.error({ event: 'audit.chain.broken', brokenAt: result.brokenAt, reason: result.reason }, 'audit hash chain broken');
    return ok(result);
  });
}
