import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditEvents, customers, staffUsers } from '../../db/schema';
import { queryRows } from '../../db/client';
import { appendAudit } from '../audit';
import { configuredAuditKeys, queueFullCheck } from '../audit/jobs';
import type { BrokenRange, CheckpointIssue } from '../audit/verify';
import { normalizeLoginId } from '../auth/schemas';
import { parseUuid } from '../ids';
import { ok, type StaffResult } from './guard';
import { staffOperation } from './operation';
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

export const queryAuditLog = staffOperation({
  role: 'viewer',
  name: 'staff.audit.read',
  schema: auditFilterSchema,
  run: async (db, _staff, f): Promise<StaffResult<AuditPage>> => {
    const where: SQL[] = [];
    // A prefix as a byte-wise range, which the (action collate "C", id) index serves at any size.
    if (f.action)
      where.push(
        sql`${auditEvents.action} collate "C" >= ${f.action} and ${auditEvents.action} collate "C" < ${`${f.action}\u{10FFFF}`}`,
      );
    if (f.customer) {
      const id = parseUuid(f.customer);
      if (id) where.push(eq(auditEvents.customerId, id));
      else {
        const [c] = await db
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.loginId, normalizeLoginId(f.customer)))
          .limit(1);
        if (!c) return ok({ rows: [], nextBefore: null });
        where.push(eq(auditEvents.customerId, c.id));
      }
    }
    if (f.actor) {
      const id = parseUuid(f.actor);
      if (id) where.push(eq(auditEvents.actorId, id));
      else if (f.actor.includes('@')) {
        const [s] = await db
          .select({ id: staffUsers.id })
          .from(staffUsers)
          .where(eq(staffUsers.email, f.actor.toLowerCase()))
          .limit(1);
        if (!s) return ok({ rows: [], nextBefore: null });
        where.push(and(eq(auditEvents.actorType, 'staff'), eq(auditEvents.actorId, s.id))!);
      } else {
        const [c] = await db
          .select({ id: customers.id })
          .from(customers)
          .where(eq(customers.loginId, normalizeLoginId(f.actor)))
          .limit(1);
        if (!c) return ok({ rows: [], nextBefore: null });
        where.push(and(eq(auditEvents.actorType, 'customer'), eq(auditEvents.actorId, c.id))!);
      }
    }
    if (f.from) where.push(gte(auditEvents.at, jstDayStart(f.from)));
    if (f.to) where.push(lt(auditEvents.at, new Date(jstDayStart(f.to).getTime() + 24 * 3600_000)));
    // A date range alone is served by the (at) index newest first: ordered by time then (a cursor keeps that order).
    const byTime = Boolean(f.from || f.to) && !f.customer && !f.actor;
    if (f.before && byTime) {
      const cursor = sql`(select ${auditEvents.at}, ${auditEvents.id} from ${auditEvents} where ${auditEvents.id} = ${f.before})`;
      where.push(
        sql`${auditEvents.at} <= (select ${auditEvents.at} from ${auditEvents} where ${auditEvents.id} = ${f.before}) and (${auditEvents.at}, ${auditEvents.id}) < ${cursor}`,
      );
    } else if (f.before) where.push(lt(auditEvents.id, f.before));

    const rows = await db
      .select({
        id: auditEvents.id,
        at: auditEvents.at,
        action: auditEvents.action,
        actorType: auditEvents.actorType,
        actorId: auditEvents.actorId,
        actorName: staffUsers.name,
        customerId: auditEvents.customerId,
        customerLoginId: customers.loginId,
        flowId: auditEvents.flowId,
        ip: auditEvents.ip,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .leftJoin(
        staffUsers,
        and(eq(auditEvents.actorType, 'staff'), eq(sql`${staffUsers.id}::text`, auditEvents.actorId)),
      )
      .leftJoin(customers, eq(customers.id, auditEvents.customerId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(...(byTime ? [desc(auditEvents.at), desc(auditEvents.id)] : [desc(auditEvents.id)]))
      .limit(AUDIT_PAGE_SIZE + 1);
    const page = rows
      .slice(0, AUDIT_PAGE_SIZE)
      .map((r) => ({ ...r, details: (r.details ?? {}) as Record<string, unknown> }));
    return ok({ rows: page, nextBefore: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1].id : null });
  },
});

export type VerificationView = {
  id: number;
  kind: 'incremental' | 'full';
  status: 'queued' | 'running' | 'done' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  fromEventId: number | null;
  toEventId: number | null;
  /** For a running check: the newest event it will reach. */
  targetId: number | null;
  checkedRows: number;
  ok: boolean | null;
  brokenCount: number;
  broken: BrokenRange[];
  head: { ok: boolean; reason?: string } | null;
  checkpointIssue: CheckpointIssue | null;
  checkpointIssueCount: number;
  signaturesChecked: boolean;
  error: string | null;
};

export type AuditChainStatus = {
  /** The newest finished run (incremental or full). */
  latest: VerificationView | null;
  /** The newest finished full check. */
  latestFull: VerificationView | null;
  /** A full check queued or running now (started within the day). */
  active: VerificationView | null;
  /** Whether this instance has a signing key (checkpoints are written). */
  signing: boolean;
};

type VerificationRow = {
  id: number | string;
  kind: string;
  status: string;
  started_at: string | Date;
  finished_at: string | Date | null;
  from_event_id: number | string | null;
  to_event_id: number | string | null;
  checked_rows: number | string;
  ok: boolean | null;
  result: unknown;
};

function verificationView(r: VerificationRow): VerificationView {
  const res = (typeof r.result === 'string' ? JSON.parse(r.result) : (r.result ?? {})) as {
    targetId?: number;
    brokenCount?: number;
    broken?: BrokenRange[];
    head?: { ok: boolean; reason?: string };
    checkpoints?: { issues?: CheckpointIssue[]; issueCount?: number; signaturesChecked?: boolean };
    error?: string;
  };
  const n = (v: number | string | null) => (v == null ? null : Number(v));
  return {
    id: Number(r.id),
    kind: r.kind as VerificationView['kind'],
    status: r.status as VerificationView['status'],
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    fromEventId: n(r.from_event_id),
    toEventId: n(r.to_event_id),
    targetId: res.targetId ?? null,
    checkedRows: Number(r.checked_rows),
    ok: r.ok,
    brokenCount: res.brokenCount ?? 0,
    broken: (res.broken ?? []).slice(0, 10),
    head: res.head ?? null,
    checkpointIssue: res.checkpoints?.issues?.[0] ?? null,
    checkpointIssueCount: res.checkpoints?.issueCount ?? 0,
    signaturesChecked: res.checkpoints?.signaturesChecked ?? false,
    error: res.error ?? null,
  };
}

const VERIFICATION_COLUMNS = sql.raw(
  'id, kind, status, started_at, finished_at, from_event_id, to_event_id, checked_rows, ok, result',
);

/**
 * The state of the hash-chain check (admin only): the last results the jobs recorded and a full
 * check in progress. Nothing is verified here — verification runs as a job (lib/audit/jobs.ts), so
 * the page costs the same at any size of the log.
 */
export const checkAuditChain = staffOperation({
  role: 'admin',
  name: 'staff.audit.verify_chain',
  run: async (db): Promise<StaffResult<AuditChainStatus>> => {
    // One statement (three index lookups: the newest finished run, the newest finished full check,
    // a full check queued or running) — one round trip, and on PGlite one turn of this thread.
    const pick = (slot: 'latest' | 'full' | 'active', where: SQL) =>
      sql`(select ${sql.raw(`'${slot}'::text`)} as slot, ${VERIFICATION_COLUMNS} from audit_verifications where ${where} order by id desc limit 1)`;
    const rows = await queryRows<VerificationRow & { slot: string }>(
      db,
      sql`${pick('latest', sql`status in ('done', 'failed')`)}
      union all ${pick('full', sql`kind = 'full' and status in ('done', 'failed')`)}
      union all ${pick('active', sql`kind = 'full' and status in ('queued', 'running') and started_at > now() - interval '1 day'`)}`,
    );
    const one = (slot: string) => {
      const r = rows.find((x) => x.slot === slot);
      return r ? verificationView(r) : null;
    };
    const latest = one('latest');
    const latestFull = one('full');
    const active = one('active');
    let signing = false;
    try {
      signing = Boolean(configuredAuditKeys()?.signer);
    } catch {
      signing = false;
    }
    return ok({ latest, latestFull, active, signing });
  },
});

/** An admin asks for a full check of the chain: queued for the job (never run in the request), audited. */
export const requestFullAuditCheck = staffOperation({
  role: 'admin',
  name: 'staff.audit.full_check',
  run: async (db, staff, _input, ctx): Promise<StaffResult<{ id: number; queued: boolean }>> => {
    const res = await queueFullCheck(db);
    if (res.queued) {
      await appendAudit(db, {
        actor: { type: 'staff', id: staff.id },
        action: 'staff.audit.full_check_requested',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { verification: res.id },
      });
    }
    return ok(res);
  },
});
