import { createHash } from 'node:crypto';
import { asc, sql } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { escapeForLog } from '../log';

export type AuditActor = { type: 'customer' | 'staff' | 'system'; id?: string | null };

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
/** One advisory lock key serializes appends so the chain never forks, across every app instance. */
const CHAIN_LOCK = 727_274_001;

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
 * Appends one event to the hash chain. Call it inside the transaction of the change it records
 * (or alone, for failures, which must be kept even when the business transaction rolls back).
 */
export async function appendAudit(db: Db, input: AuditInput): Promise<void> {
  const run = async (tx: Db) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
    const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(sql`${auditEvents.id} desc`).limit(1);
    const prevHash = last?.hash ?? GENESIS;
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
    await tx.insert(auditEvents).values({
      at: new Date(at),
      actorType: fields.actorType as AuditActor['type'],
      actorId: fields.actorId,
      customerId: fields.customerId,
      action: fields.action,
      flowId: fields.flowId,
      ip: fields.ip,
      details: fields.details as Record<string, unknown>,
      prevHash,
      hash: rowHash(prevHash, fields),
    });
  };
  // Inside a transaction already? drizzle transactions expose `rollback`; nest a savepoint-free call then.
  if ('rollback' in db) await run(db);
  else await db.transaction(async (tx) => run(tx as unknown as Db));
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

export { queryRows };
