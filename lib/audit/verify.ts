import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { GENESIS_HASH, rowHash, storedTimestamp } from './canonical';
import { checkpointChecker, type CheckpointReport } from './checkpoint-check';
import type { AuditKeys } from './keys';

export type { CheckpointIssue, CheckpointIssueReason } from './checkpoint-check';

/**
 * Verification of the audit chain (docs/design.md, the audit chain), streamed: rows are read in id
 * order in batches (keyset pagination), so memory stays flat at any size and the event loop gets a
 * turn between batches. It never stops at the first mismatch — every broken range is reported —
 * checks the newest row against `audit_chain_head`, and compares every signed checkpoint on the way
 * with the row it names (lib/audit/checkpoint-check.ts).
 */

export type BreakReason = 'prev_hash_mismatch' | 'hash_mismatch' | 'unreadable' | 'anchor_mismatch';
/** Consecutive rows (in id order) that fail a check; `fromId`..`toId` inclusive. */
export type BrokenRange = { fromId: number; toId: number; rows: number; reasons: BreakReason[] };

export type HeadCheck = { ok: true } | { ok: false; reason: 'head_missing' | 'head_mismatch' };

export type ChainReport = {
  ok: boolean;
  /** Rows read and checked. */
  checked: number;
  /** The walk started after this event (0: the genesis) … */
  fromEventId: number;
  /** … and ended with this one (the newest when it started). */
  toEventId: number;
  /** The stored hash of the last row walked (the anchor of the next incremental run). */
  lastHash: string;
  broken: BrokenRange[];
  /** All broken ranges, also those past the first MAX_LISTED kept in `broken`. */
  brokenCount: number;
  head: HeadCheck;
  checkpoints: CheckpointReport;
};

/** Kept for callers of the first version: `ok` and `checked` mean what they meant. */
export type ChainCheck = ChainReport;

const MAX_LISTED = 100;
/**
 * Rows per read over PostgreSQL: the driver parses a batch in about a millisecond and the query
 * itself runs in the database, so the batch is sized for round trips (docs/operations.md#audit-verify).
 */
export const DEFAULT_BATCH = 250;
/**
 * The longest the walk keeps the event loop in one go, in milliseconds: hashing yields (setImmediate)
 * whenever a slice reaches it, and on PGlite — whose queries run in WebAssembly on this same thread,
 * about 0.1–0.2 ms a row for this read — the batch size follows it too (docs/benchmarks.md#audit).
 */
export const SLICE_MS = 4;
const PGLITE_BATCH = { start: 20, min: 5, max: 250 };

/** True when `db` is PGlite: its queries run on this thread (a postgres.js client is a function). */
function queriesOnThisThread(db: Db): boolean {
  const client = (db as { $client?: unknown }).$client;
  return typeof client === 'object' && client !== null && 'waitReady' in client;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** An event row as the verifier reads it (the stored values, as text where a driver would convert them). */
export type EventRow = {
  id: number | string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  customer_id: string | null;
  action: string;
  flow_id: string | null;
  ip: string | null;
  details: string;
  prev_hash: string;
  hash: string;
};
export type WalkOptions = {
  /** Start after this event with this hash (a verified checkpoint or an earlier run); default the genesis. */
  from?: { afterId: number; prevHash: string };
  /** Only checkpoints with a larger id are checked (those older were checked by the run that set `from`). */
  checkpointsAfterId?: number;
  /** Public keys for the checkpoint signatures; null or none: signatures are not checked. */
  keys?: AuditKeys | null;
  batchSize?: number;
  /** Called after every batch (progress for a job); awaited. */
  onBatch?: (p: { checked: number; lastId: number; targetId: number }) => Promise<void> | void;
};

/** The stored columns of an event; the timestamp as text in UTC with microseconds (a Date would drop them). */
export const EVENT_COLUMNS_SQL = `id, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at, actor_type, actor_id,
  customer_id::text as customer_id, action, flow_id::text as flow_id, ip, details::text as details, prev_hash, hash`;
export const EVENT_COLUMNS = sql.raw(EVENT_COLUMNS_SQL);

function num(v: number | string): number {
  return Number(v);
}

/** The hash a stored row should have, from its stored prev_hash and fields. */
export function recompute(r: EventRow): string {
  return rowHash(r.prev_hash, {
    at: storedTimestamp(`${r.at}Z`),
    actorType: r.actor_type,
    actorId: r.actor_id,
    customerId: r.customer_id,
    action: r.action,
    flowId: r.flow_id,
    ip: r.ip,
    details: JSON.parse(r.details),
  });
}

export async function walkChain(db: Db, opts: WalkOptions = {}): Promise<ChainReport> {
  // A batch size the caller chose stays fixed; else PGlite's follows SLICE_MS (see below).
  const adaptive = opts.batchSize === undefined && queriesOnThisThread(db);
  let batch = adaptive ? PGLITE_BATCH.start : Math.max(1, opts.batchSize ?? DEFAULT_BATCH);

  // One statement, one snapshot: the head, the newest event, the newest checkpoint. The head moves
  // with the event in the same statement, so at any snapshot they agree unless someone wrote around it.
  const [snap] = await queryRows<{
    head_hash: string | null;
    head_prev: string | null;
    last_id: number | string | null;
    last_hash: string | null;
    last_prev: string | null;
    max_cp: number | string;
  }>(
    db,
    sql`
    select h.hash as head_hash, h.prev_hash as head_prev, e.id as last_id, e.hash as last_hash, e.prev_hash as last_prev,
      (select coalesce(max(id), 0) from audit_checkpoints) as max_cp
    from (select 1) as one
    left join audit_chain_head h on h.id = 1
    left join lateral (select id, hash, prev_hash from audit_events order by id desc limit 1) e on true`,
  );
  const targetId = snap?.last_id == null ? 0 : num(snap.last_id);
  let head: HeadCheck = { ok: true };
  if (!snap || snap.head_hash == null) head = { ok: false, reason: 'head_missing' };
  else if (
    snap.last_id == null
      ? snap.head_hash !== GENESIS_HASH
      : snap.head_hash !== snap.last_hash || snap.head_prev !== snap.last_prev
  ) {
    head = { ok: false, reason: 'head_mismatch' };
  }

  const broken: BrokenRange[] = [];
  let brokenCount = 0;
  let open = null as BrokenRange | null;
  let afterId = opts.from?.afterId ?? 0;
  let expectedPrev = opts.from?.prevHash ?? GENESIS_HASH;

  const checkpoints = checkpointChecker(db, {
    minId: opts.checkpointsAfterId ?? 0,
    maxId: num(snap?.max_cp ?? 0),
    targetId,
    publicKeys: opts.keys?.publicKeys ?? [],
  });
  await checkpoints.before(afterId);

  const broke = (id: number, reasons: BreakReason[]) => {
    if (open && open.toId < id) {
      open.toId = id;
      open.rows++;
      for (const x of reasons) if (!open.reasons.includes(x)) open.reasons.push(x);
      return;
    }
    open = { fromId: id, toId: id, rows: 1, reasons };
    brokenCount++;
    if (broken.length < MAX_LISTED) broken.push(open);
  };

  // The row the walk starts after must still hold the hash it starts from.
  if (afterId > 0) {
    const [anchorRow] = await queryRows<{ hash: string }>(db, sql`select hash from audit_events where id = ${afterId}`);
    if (anchorRow?.hash !== expectedPrev) broke(afterId, ['anchor_mismatch']);
  }

  let checked = 0;
  let lastHash = expectedPrev;
  while (afterId < targetId) {
    const started = performance.now();
    const rows = await queryRows<EventRow>(
      db,
      sql`
      select ${EVENT_COLUMNS} from audit_events where id > ${afterId} and id <= ${targetId} order by id limit ${batch}`,
    );
    if (rows.length === 0) break;
    if (adaptive) {
      // The query held this thread about as long as it took: keep the next one near SLICE_MS.
      const took = performance.now() - started;
      if (took > SLICE_MS) batch = Math.max(PGLITE_BATCH.min, Math.floor(batch * 0.7));
      else if (took < SLICE_MS / 2 && rows.length === batch)
        batch = Math.min(PGLITE_BATCH.max, Math.ceil(batch * 1.25));
    }
    // A turn of the event loop between reading a batch and hashing it, and whenever hashing has held it for SLICE_MS.
    await nextTurn();
    let slice = performance.now();
    const hashes = new Map<number, string>();
    for (const r of rows) {
      if (performance.now() - slice > SLICE_MS) {
        await nextTurn();
        slice = performance.now();
      }
      const id = num(r.id);
      const reasons: BreakReason[] = [];
      if (r.prev_hash !== expectedPrev) reasons.push('prev_hash_mismatch');
      let computed: string | null = null;
      try {
        computed = recompute(r);
      } catch {
        reasons.push('unreadable');
      }
      if (computed !== null && computed !== r.hash) reasons.push('hash_mismatch');
      if (reasons.length) broke(id, reasons);
      else open = null;
      expectedPrev = r.hash;
      hashes.set(id, r.hash);
      checked++;
    }
    afterId = num(rows[rows.length - 1].id);
    lastHash = expectedPrev;
    await checkpoints.upTo(afterId, hashes);
    await opts.onBatch?.({ checked, lastId: afterId, targetId });
    await nextTurn();
  }

  await checkpoints.beyond(afterId);
  const cp = checkpoints.report();

  return {
    ok: brokenCount === 0 && head.ok && cp.issueCount === 0,
    checked,
    fromEventId: opts.from?.afterId ?? 0,
    toEventId: afterId,
    lastHash,
    broken,
    brokenCount,
    head,
    checkpoints: cp,
  };
}

/** The whole chain from the genesis, every checkpoint included (signatures when keys are given). */
export async function verifyAuditChain(
  db: Db,
  opts: Omit<WalkOptions, 'from' | 'checkpointsAfterId'> = {},
): Promise<ChainReport> {
  return walkChain(db, opts);
}
