import { createHash } from 'node:crypto';
import { asc, sql, type SQL } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { escapeForLog } from '../log';

/** `anonymous`: a request with no session (refusals anyone can cause, aggregated: lib/audit/aggregate). */
export type AuditActor = { type: 'customer' | 'staff' | 'system' | 'anonymous'; id?: string | null };

export type AuditInput = {
  actor: AuditActor;
  action: string;
  customerId?: string | null;
  flowId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
};

const GENESIS = '0'.repeat(64);

/** Keys sorted recursively: the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

type HashedFields = {
  at: string; actorType: string; actorId: string | null; customerId: string | null; action: string;
  flowId: string | null; ip: string | null; details: unknown;
};

export function rowHash(prevHash: string, row: HashedFields): string {
  return createHash('sha256').update(prevHash + canonicalJson(row)).digest('hex');
}

function cleanDetails(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(details)) {
    out[k] = typeof v === 'string' ? escapeForLog(v, 500) : v;
  }
  return out;
}

/**
 * Appends one event to the hash chain, in one statement: it moves the chain head (audit_chain_head)
 * to sha256(previous hash + canonical JSON of the row) and inserts the row with both hashes. The
 * head's row lock orders appends across every app instance until the transaction ends, and an
 * UPDATE that waited reads the hash committed by the one before it, so the chain never forks.
 * The hash is computed by the database from the same canonical JSON that verifyAuditChain
 * recomputes in TypeScript. Call it inside the transaction of the change it records (or alone,
 * for failures, which must be kept even when the business transaction rolls back).
 */
export async function appendAudit(db: Db, input: AuditInput): Promise<void> {
  await db.execute(sql`with ${appendSql(input)} select id from appended`);
}

/**
 * One guarded change and its audit event in a single statement (one round trip, no transaction to
 * open and close): `change` is a data-modifying statement with a RETURNING clause, and the event is
 * appended only when it returned a row. Returns how many rows it changed; the change is never kept
 * without its event (see appendSql).
 */
export async function changeWithAudit(db: Db, change: SQL, input: AuditInput): Promise<number> {
  const [row] = await queryRows<{ changed: number | string }>(db, sql`
    with change as (${change}),
    ${appendSql(input, true)}
    select (select count(*) from change) as changed`);
  return Number(row?.changed ?? 0);
}

/**
 * The CTEs `head` and `appended` that move the chain head to sha256(previous hash + canonical JSON
 * of the row) and insert the row with both hashes — only when the CTE `change` returned a row, if
 * `gated`. Without a head row (a database missing migration 0005) prev_hash would be NULL, which
 * its NOT NULL constraint refuses: the statement fails rather than drop the event.
 */
function appendSql(input: AuditInput, gated = false): SQL {
  // Millisecond precision, so the stored value hashes back to the same string.
  const at = new Date(Math.floor(Date.now())).toISOString();
  const fields: HashedFields = {
    at,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    customerId: input.customerId ?? null,
    action: input.action,
    flowId: input.flowId ?? null,
    ip: input.ip ?? null,
    details: cleanDetails({ ...(input.details ?? {}), ...(input.userAgent ? { userAgent: input.userAgent } : {}) }),
  };
  return sql`head as (
      update audit_chain_head
      set prev_hash = hash, hash = encode(sha256(convert_to(hash || ${canonicalJson(fields)}, 'UTF8')), 'hex')
      where id = 1${gated ? sql` and exists (select 1 from change)` : sql``}
      returning prev_hash, hash
    ),
    appended as (
      insert into audit_events (at, actor_type, actor_id, customer_id, action, flow_id, ip, details, prev_hash, hash)
      select ${at}::timestamptz, ${fields.actorType}, ${fields.actorId}, ${fields.customerId}::uuid, ${fields.action},
        ${fields.flowId}::uuid, ${fields.ip}, ${JSON.stringify(fields.details)}::jsonb, head.prev_hash, head.hash
      from (${gated ? sql`select 1 from change limit 1` : sql`select 1`}) as source left join head on true
      returning id
    )`;
}

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; brokenAt: number; reason: string };

/** Recomputes every hash in id order. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const rows = await db.select().from(auditEvents).orderBy(asc(auditEvents.id));
  let prev = GENESIS;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.prevHash !== prev) return { ok: false, checked: i, brokenAt: r.id, reason: 'prev_hash_mismatch' };
    const expected = rowHash(prev, {
      at: r.at.toISOString(), actorType: r.actorType, actorId: r.actorId, customerId: r.customerId,
      action: r.action, flowId: r.flowId, ip: r.ip, details: r.details,
    });
    if (expected !== r.hash) return { ok: false, checked: i, brokenAt: r.id, reason: 'hash_mismatch' };
    prev = r.hash;
  }
  return { ok: true, checked: rows.length };
}

