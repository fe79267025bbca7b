import { sql } from 'drizzle-orm';
import { onBeforeClose, queryRows, type Db } from '../../db/client';
import { env } from '../config/env';
import { registerJob, withJobLock } from '../jobs';
import { errorFields, logger } from '../log';
import { GOOD_VERIFICATION } from './anchor';
import { GENESIS_HASH, storedTimestamp } from './canonical';
import { auditKeysFrom, checkCheckpointSignature, signCheckpoint, type AuditKeys } from './keys';
import { walkChain, type ChainReport, type WalkOptions } from './verify';

/**
 * Audit-chain work off the request path (docs/operations.md#audit-verify): every
 * AUDIT_CHECKPOINT_SECONDS one instance (the job's advisory lock) verifies the chain from the last
 * signed checkpoint onward, records the result in `audit_verifications`, and — only when that part
 * is intact — signs the new head into `audit_checkpoints` and the log. A full check an admin asks
 * for is queued in `audit_verifications` and run by a second job, with its progress recorded as it
 * goes. /staff/audit only reads these rows.
 */

export const CHECKPOINT_JOB = 'audit.checkpoint';
export const FULL_CHECK_JOB = 'audit.full-check';

let cachedKeys: { from: string; keys: AuditKeys | null } | undefined;

/** The keys configured now (null when none). Throws on an unreadable key, naming the variable. */
export function configuredAuditKeys(): AuditKeys | null {
  const e = env();
  const from = `${e.AUDIT_SIGNING_KEY ?? ''}\u0000${e.AUDIT_PUBLIC_KEY ?? ''}`;
  if (cachedKeys?.from !== from) cachedKeys = { from, keys: auditKeysFrom(e) };
  return cachedKeys.keys;
}

type Anchor = Pick<WalkOptions, 'from' | 'checkpointsAfterId'> & {
  kind: 'checkpoint' | 'verification' | 'genesis';
  checkpointId?: number;
};

type CpRow = {
  id: number | string;
  last_event_id: number | string;
  head_hash: string;
  key_id: string;
  signature: string;
  at: string;
};

/** The newest checkpoint whose signature holds under our public keys (every newer one is checked by the walk). */
async function newestValidCheckpoint(db: Db, keys: AuditKeys): Promise<CpRow | null> {
  let before = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await queryRows<CpRow>(
      db,
      sql`
      select id, last_event_id, head_hash, key_id, signature, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at
      from audit_checkpoints where id < ${before} order by id desc limit 100`,
    );
    if (rows.length === 0) return null;
    for (const r of rows) {
      const claim = {
        lastEventId: Number(r.last_event_id),
        headHash: r.head_hash,
        at: storedTimestamp(`${r.at}Z`),
        keyId: r.key_id,
        signature: r.signature,
      };
      if (checkCheckpointSignature(keys.publicKeys, claim) === 'ok') return r;
    }
    before = Number(rows[rows.length - 1].id);
  }
}

/**
 * Where an incremental run starts: after the newest validly signed checkpoint (itself re-checked
 * against its row), else after the last successful verification (without keys), else the genesis.
 */
async function incrementalAnchor(db: Db, keys: AuditKeys | null): Promise<Anchor> {
  if (keys?.publicKeys.length) {
    const cp = await newestValidCheckpoint(db, keys);
    if (cp) {
      return {
        kind: 'checkpoint',
        checkpointId: Number(cp.id),
        from: { afterId: Number(cp.last_event_id), prevHash: cp.head_hash },
        checkpointsAfterId: Number(cp.id) - 1,
      };
    }
    return { kind: 'genesis' };
  }
  const [last] = await queryRows<{ to_event_id: number | string | null; result: unknown }>(
    db,
    sql`
    select to_event_id, result from audit_verifications
    where ${GOOD_VERIFICATION} order by id desc limit 1`,
  );
  const result = (typeof last?.result === 'string' ? JSON.parse(last.result) : last?.result) as
    { lastHash?: string; checkpointsUpTo?: number } | undefined;
  if (last && typeof result?.lastHash === 'string') {
    return {
      kind: 'verification',
      from: { afterId: Number(last.to_event_id), prevHash: result.lastHash },
      checkpointsAfterId: result.checkpointsUpTo ?? 0,
    };
  }
  return { kind: 'genesis' };
}

async function maxCheckpointId(db: Db): Promise<number> {
  const [r] = await queryRows<{ m: number | string }>(db, sql`select coalesce(max(id), 0) as m from audit_checkpoints`);
  return Number(r?.m ?? 0);
}

/** What a run stores in `audit_verifications.result` (bounded: at most 100 ranges and issues). */
function resultOf(report: ChainReport, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    lastHash: report.lastHash,
    broken: report.broken,
    brokenCount: report.brokenCount,
    head: report.head,
    checkpoints: report.checkpoints,
    ...extra,
  };
}

/** Marks runs of `kind` left 'running' by a process that died: only the lock holder calls this. */
async function failInterrupted(db: Db, kind: 'incremental' | 'full'): Promise<void> {
  await db.execute(sql`update audit_verifications set status = 'failed', finished_at = now(), ok = null,
    result = result || '{"error":"interrupted"}'::jsonb where kind = ${kind} and status = 'running'`);
}

async function finish(db: Db, id: number, report: ChainReport, extra: Record<string, unknown>): Promise<void> {
  await db.execute(sql`update audit_verifications set status = 'done', finished_at = now(), from_event_id = ${report.fromEventId},
    to_event_id = ${report.toEventId}, checked_rows = ${report.checked}, ok = ${report.ok},
    result = ${JSON.stringify(resultOf(report, extra))}::jsonb where id = ${id}`);
  if (!report.ok) {
    logger.error(
      {
        event: 'audit.chain.broken',
        verification: id,
        brokenCount: report.brokenCount,
        firstBroken: report.broken[0] ?? null,
        head: report.head,
        checkpointIssue: report.checkpoints.issues[0] ?? null,
      },
      'audit hash chain broken',
    );
  }
}

export type CheckpointOutcome = {
  verification: number;
  ok: boolean;
  checked: number;
  anchor: Anchor['kind'];
  checkpoint: { id: number; lastEventId: number } | null;
  skipped?: 'no_key' | 'broken' | 'unchanged';
};

/**
 * One incremental verification and, when it passes and a signing key is configured, one signed
 * checkpoint of the head it reached. Call under the CHECKPOINT_JOB lock.
 */
export async function verifyAndCheckpoint(
  db: Db,
  opts: { keys?: AuditKeys | null; reason?: 'schedule' | 'shutdown'; batchSize?: number } = {},
): Promise<CheckpointOutcome> {
  const keys = opts.keys === undefined ? configuredAuditKeys() : opts.keys;
  await failInterrupted(db, 'incremental');
  const anchor = await incrementalAnchor(db, keys);
  const cpUpTo = await maxCheckpointId(db);
  const [run] = await queryRows<{ id: number | string }>(
    db,
    sql`
    insert into audit_verifications (kind, status, from_event_id) values ('incremental', 'running', ${anchor.from?.afterId ?? 0}) returning id`,
  );
  const id = Number(run.id);
  let report: ChainReport;
  try {
    report = await walkChain(db, { ...anchor, keys, batchSize: opts.batchSize });
  } catch (err) {
    await db.execute(sql`update audit_verifications set status = 'failed', finished_at = now(),
      result = ${JSON.stringify({ error: errorFields(err).name })}::jsonb where id = ${id}`);
    throw err;
  }
  await finish(db, id, report, {
    anchor: anchor.kind,
    anchorCheckpoint: anchor.checkpointId ?? null,
    checkpointsUpTo: cpUpTo,
  });
  const out: CheckpointOutcome = {
    verification: id,
    ok: report.ok,
    checked: report.checked,
    anchor: anchor.kind,
    checkpoint: null,
  };
  if (!keys?.signer) return { ...out, skipped: 'no_key' };
  // A broken chain is an incident: nothing new is signed over it until it has been looked into.
  if (!report.ok) return { ...out, skipped: 'broken' };
  if (anchor.kind === 'checkpoint' && anchor.from?.afterId === report.toEventId && report.toEventId > 0)
    return { ...out, skipped: 'unchanged' };
  const at = storedTimestamp(new Date());
  const lastEventId = report.toEventId;
  const headHash = report.toEventId === 0 ? GENESIS_HASH : report.lastHash;
  const { keyId, signature } = signCheckpoint(keys.signer, { lastEventId, headHash, at });
  const [cp] = await queryRows<{ id: number | string }>(
    db,
    sql`
    insert into audit_checkpoints (at, last_event_id, head_hash, key_id, signature)
    values (${at}::timestamptz, ${lastEventId}, ${headHash}, ${keyId}, ${signature}) returning id`,
  );
  // The log line is the copy outside the database: `npm run audit:verify -- --checkpoint-log <file>` reads it back.
  logger.info(
    {
      event: 'audit.checkpoint',
      checkpoint: { id: Number(cp.id), lastEventId, headHash, at, keyId, signature },
      reason: opts.reason ?? 'schedule',
    },
    'audit checkpoint signed',
  );
  return { ...out, checkpoint: { id: Number(cp.id), lastEventId } };
}

/** Queues a full check (one at a time: an existing queued or running one is returned instead). */
export async function queueFullCheck(db: Db): Promise<{ id: number; queued: boolean }> {
  const [existing] = await queryRows<{ id: number | string }>(
    db,
    sql`
    select id from audit_verifications where kind = 'full' and status in ('queued', 'running') order by id desc limit 1`,
  );
  if (existing) return { id: Number(existing.id), queued: false };
  const [row] = await queryRows<{ id: number | string }>(
    db,
    sql`
    insert into audit_verifications (kind, status, from_event_id) values ('full', 'queued', 0) returning id`,
  );
  return { id: Number(row.id), queued: true };
}

/** Runs the queued full checks, oldest first, recording progress per batch. Call under the FULL_CHECK_JOB lock. */
export async function runQueuedFullChecks(
  db: Db,
  opts: { keys?: AuditKeys | null; batchSize?: number } = {},
): Promise<{ ran: number; ok: boolean | null }> {
  const keys = opts.keys === undefined ? configuredAuditKeys() : opts.keys;
  await failInterrupted(db, 'full');
  let ran = 0;
  let ok: boolean | null = null;
  for (;;) {
    const [claimed] = await queryRows<{ id: number | string }>(
      db,
      sql`
      update audit_verifications set status = 'running', started_at = now()
      where id = (select id from audit_verifications where kind = 'full' and status = 'queued' order by id limit 1)
      returning id`,
    );
    if (!claimed) return { ran, ok };
    const id = Number(claimed.id);
    const cpUpTo = await maxCheckpointId(db);
    let lastWrite = 0;
    try {
      const report = await walkChain(db, {
        keys,
        batchSize: opts.batchSize,
        onBatch: async (p) => {
          const now = Date.now();
          if (now - lastWrite < 500 && p.lastId < p.targetId) return;
          lastWrite = now;
          await db.execute(sql`update audit_verifications set checked_rows = ${p.checked}, to_event_id = ${p.lastId},
            result = ${JSON.stringify({ targetId: p.targetId })}::jsonb where id = ${id}`);
        },
      });
      await finish(db, id, report, { checkpointsUpTo: cpUpTo });
      ok = report.ok;
    } catch (err) {
      await db.execute(sql`update audit_verifications set status = 'failed', finished_at = now(),
        result = ${JSON.stringify({ error: errorFields(err).name })}::jsonb where id = ${id}`);
      throw err;
    }
    ran++;
  }
}

/** Verifies and checkpoints now, under the job's lock (skipped when another instance holds it). */
export async function runCheckpointNow(db: Db, reason: 'schedule' | 'shutdown'): Promise<CheckpointOutcome | null> {
  let outcome: CheckpointOutcome | null = null;
  try {
    await withJobLock(db, CHECKPOINT_JOB, async () => {
      outcome = await verifyAndCheckpoint(db, { reason });
    });
  } catch (err) {
    logger.error({ event: 'audit.checkpoint.failed', reason, err: errorFields(err) }, 'audit checkpoint failed');
  }
  return outcome;
}

const closeHooks = new WeakMap<Db, () => Promise<void>>();

/**
 * A last checkpoint when the database closes (graceful shutdown, db/client.ts's onBeforeClose): the
 * scheduler has stopped by then, and the job's lock keeps it from racing another instance.
 */
export function registerShutdownCheckpoint(db: Db): void {
  if (closeHooks.has(db)) return;
  const hook = async () => {
    await runCheckpointNow(db, 'shutdown');
  };
  closeHooks.set(db, hook);
  onBeforeClose(db, hook);
}

registerJob({
  name: CHECKPOINT_JOB,
  intervalMs: env().AUDIT_CHECKPOINT_SECONDS * 1000,
  run: async (db) => {
    const o = await verifyAndCheckpoint(db, { reason: 'schedule' });
    return { ...o };
  },
});

registerJob({
  name: FULL_CHECK_JOB,
  intervalMs: 5_000,
  run: async (db) => runQueuedFullChecks(db),
});
