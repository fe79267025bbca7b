import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { escapeForLog } from '../log';
import type { AuditAction } from './actions';
import {
  canonicalJson,
  storedActorId,
  storedJson,
  storedText,
  storedTimestamp,
  storedUuid,
  type HashedFields,
} from './canonical';

export { canonicalJson, rowHash, GENESIS_HASH } from './canonical';
export * from './actions';
export { verifyAuditChain, type ChainCheck, type ChainReport, type BrokenRange } from './verify';

/** `anonymous`: a request with no session (refusals anyone can cause, aggregated: lib/audit/aggregate). */
export type AuditActor = { type: 'customer' | 'staff' | 'system' | 'anonymous'; id?: string | null };

export type AuditInput = {
  /** When it happened; now by default. Any precision and offset: it is stored (and hashed) in UTC to the microsecond. */
  at?: Date | string;
  actor: AuditActor;
  /** One of lib/audit/actions.ts: a new action is added there first. */
  action: AuditAction;
  customerId?: string | null;
  flowId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
};

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
  const [row] = await queryRows<{ changed: number | string }>(
    db,
    sql`
    with change as (${change}),
    ${appendSql(input, true)}
    select (select count(*) from change) as changed`,
  );
  return Number(row?.changed ?? 0);
}

/**
 * The CTEs `head` and `appended` that move the chain head to sha256(previous hash + canonical JSON
 * of the row) and insert the row with both hashes — only when the CTE `change` returned a row, if
 * `gated`. Without a head row (a database missing migration 0005) prev_hash would be NULL, which
 * its NOT NULL constraint refuses: the statement fails rather than drop the event.
 */
function appendSql(input: AuditInput, gated = false): SQL {
  const fields = storedFields(input);
  return sql`head as (
      update audit_chain_head
      set prev_hash = hash, hash = encode(sha256(convert_to(hash || ${canonicalJson(fields)}, 'UTF8')), 'hex')
      where id = 1${gated ? sql` and exists (select 1 from change)` : sql``}
      returning prev_hash, hash
    ),
    appended as (
      insert into audit_events (at, actor_type, actor_id, customer_id, action, flow_id, ip, details, prev_hash, hash)
      select ${fields.at}::timestamptz, ${fields.actorType}, ${fields.actorId}, ${fields.customerId}::uuid, ${fields.action},
        ${fields.flowId}::uuid, ${fields.ip}, ${JSON.stringify(fields.details)}::jsonb, head.prev_hash, head.hash
      from (${gated ? sql`select 1 from change limit 1` : sql`select 1`}) as source left join head on true
      returning id
    )`;
}

/**
 * Every hashed field in the form the database will store it (lib/audit/canonical.ts): ids canonical,
 * the time in UTC to the microsecond, details as jsonb returns them. The row is inserted from these
 * same values, so the hash is over exactly what is stored.
 */
export function storedFields(input: AuditInput): HashedFields {
  return {
    at: storedTimestamp(input.at ?? new Date()),
    actorType: input.actor.type,
    actorId: storedActorId(input.actor.id),
    customerId: storedUuid(input.customerId),
    action: storedText(input.action),
    flowId: storedUuid(input.flowId),
    ip: input.ip == null ? null : storedText(input.ip),
    details: storedJson(
      cleanDetails({
        ...(input.details ?? {}),
        ...(input.userAgent ? { userAgent: input.userAgent } : {}),
        // An id that is not one is kept as text rather than lose the event (the edge should have refused it).
        ...(input.customerId != null && storedUuid(input.customerId) === null
          ? { invalidCustomerId: input.customerId }
          : {}),
        ...(input.flowId != null && storedUuid(input.flowId) === null ? { invalidFlowId: input.flowId } : {}),
      }),
    ),
  };
}
