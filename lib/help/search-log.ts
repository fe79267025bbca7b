import { sql } from 'drizzle-orm';
import { onBeforeClose, pgTextArray, type Db } from '../../db/client';
import { helpSearchLog } from '../../db/schema';
import { pgErrorCode } from '../../db/tx';
import { errorFields, logger } from '../log';

/**
 * The search log (`help_search_log`, read by the staff dashboard) is written in batches: a search
 * queues its row and answers; the queue is written as one INSERT when it holds FLUSH_ROWS rows or
 * FLUSH_MS after its first row, and before its database handle closes (which the server does on
 * shutdown). A crash loses at most that last second of statistics — never anything a customer or
 * the audit trail needs — and a search costs no write of its own.
 */
const FLUSH_ROWS = 200;
const FLUSH_MS = 1000;
/** Rows kept waiting at most, per database, while writes fail or lag; more are dropped and counted. */
const MAX_PENDING = 5_000;

type Entry = { query: string; lang: string; resultCount: number; at: Date; clientKey: string | null };
type Queue = { rows: Entry[]; timer: ReturnType<typeof setTimeout> | null; writing: Promise<void>; dropped: number };

const queues = new Map<Db, Queue>();

/**
 * One row per client, query and language an hour at most: repeating a search (or a script sending
 * it 1,000 times) adds nothing to the log, which staff rank by distinct clients. Bounded: the set is
 * emptied every hour, or when it holds SEEN_MAX entries.
 */
const SEEN_MS = 3600_000;
const SEEN_MAX = 50_000;
let seen = new Set<string>();
let seenSince = Date.now();

function firstThisHour(entry: { query: string; lang: string; clientKey: string | null }, now: number): boolean {
  if (!entry.clientKey) return true;
  if (now - seenSince >= SEEN_MS || seen.size >= SEEN_MAX) {
    seen = new Set();
    seenSince = now;
  }
  const key = `${entry.clientKey}\u0000${entry.lang}\u0000${entry.query}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** Databases whose handle already flushes the queue before it closes. */
const hooked = new WeakSet<Db>();
export function queueSearchLog(db: Db, entry: Omit<Entry, 'at' | 'clientKey'> & { clientKey?: string | null }): void {
  const clientKey = entry.clientKey ?? null;
  if (!firstThisHour({ ...entry, clientKey }, Date.now())) return;
  let q = queues.get(db);
  if (!q) {
    queues.set(db, (q = { rows: [], timer: null, writing: Promise.resolve(), dropped: 0 }));
    if (!hooked.has(db)) {
      hooked.add(db);
      onBeforeClose(db, () => flushSearchLog(db));
    }
  }
  if (q.rows.length >= MAX_PENDING) {
    // The database is down or slow: statistics are dropped (and counted), never the answers.
    q.dropped++;
    return;
  }
  q.rows.push({ ...entry, clientKey, at: new Date() });
  if (q.rows.length >= FLUSH_ROWS) void flushSearchLog(db);
  else if (!q.timer) {
    q.timer = setTimeout(() => void flushSearchLog(db), FLUSH_MS);
    q.timer.unref?.();
  }
}

/** Writes what is queued for `db` now (tests call it before reading the log). Never throws. */
export async function flushSearchLog(db: Db): Promise<void> {
  const q = queues.get(db);
  if (!q) return;
  if (q.timer) clearTimeout(q.timer);
  q.timer = null;
  const rows = q.rows.splice(0);
  if (q.dropped) {
    logger.warn({ dropped: q.dropped }, 'help search log rows dropped while writes lagged');
    q.dropped = 0;
  }
  if (!rows.length) {
    queues.delete(db);
    return q.writing;
  }
  // One write at a time per database, in queue order.
  q.writing = q.writing.then(async () => {
    try {
      // One statement shape for any number of rows (a prepared statement, not one per batch size).
      await db.execute(sql`insert into help_search_log (query, lang, result_count, at, client_key)
        select q, l, n, a, nullif(c, '') from unnest(${pgTextArray(rows.map((r) => r.query))}::text::text[], ${pgTextArray(rows.map((r) => r.lang))}::text::text[],
          ${pgTextArray(rows.map((r) => String(r.resultCount)))}::text::int[], ${pgTextArray(rows.map((r) => r.at.toISOString()))}::text::timestamptz[],
          ${pgTextArray(rows.map((r) => r.clientKey ?? ''))}::text::text[]) as u(q, l, n, a, c)`);
    } catch (err) {
      // One row the database refuses (a data error, class 22) must not cost the others: write them one by one.
      let lost = rows.length;
      if (pgErrorCode(err)?.startsWith('22')) {
        for (const row of rows) {
          try {
            await db.insert(helpSearchLog).values(row);
            lost--;
          } catch {
            /* this one is lost */
          }
        }
      }
      // The customers got their answers; only these statistics are lost.
      if (lost) logger.warn({ err: errorFields(err), rows: lost }, 'help search log write failed');
    }
  });
  await q.writing;
  if (!q.rows.length && !q.timer && queues.get(db) === q) queues.delete(db);
}
