import { createHash, randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { env } from '../config/env';
import { errorFields, logger } from '../log';
import type { Job } from './registry';

export type JobOutcome =
  | { ran: true; ok: true; result: Record<string, unknown> }
  | { ran: true; ok: false; error: string }
  | { ran: false; reason: 'locked' };

/** A fixed namespace for our advisory locks (first key), so they never collide with another app's. */
const LOCK_NAMESPACE = 0x4c48_5001;

/** The second advisory-lock key of a job: 32 bits of sha256 of its name. */
export function jobLockKey(name: string): number {
  return createHash('sha256').update(`job:${name}`).digest().readInt32BE(0);
}

type ReservedSql = {
  unsafe: (query: string, args?: unknown[]) => Promise<Record<string, unknown>[]>;
  release: () => void;
};
type PostgresJsClient = { reserve?: () => Promise<ReservedSql> };

/** Jobs this process is running now: PGlite has one session, where an advisory lock is re-entrant. */
const runningHere = new Set<string>();

/**
 * Runs `fn` while holding the session-level advisory lock of `name`, or returns false at once when
 * another session (another app instance) holds it. On PostgreSQL the lock lives on a connection
 * reserved from the pool for the run — the work itself uses the pool, so no transaction stays open —
 * and goes with that connection if the process dies. PGlite is one process, one session.
 */
export async function withJobLock(db: Db, name: string, fn: () => Promise<void>): Promise<boolean> {
  if (runningHere.has(name)) return false;
  runningHere.add(name);
  try {
    const key = jobLockKey(name);
    const client = (db as unknown as { $client?: PostgresJsClient }).$client;
    if (client && typeof client.reserve === 'function') {
      const conn = await client.reserve();
      // Behind PgBouncer in transaction mode a session lock could be taken on one server connection
      // and released on another: there the lock is a transaction's, held open (idle, no row locks)
      // on the reserved connection for the run.
      const pooled = env().DATABASE_PGBOUNCER;
      try {
        if (pooled) await conn.unsafe('begin');
        const [row] = await conn.unsafe(
          `select ${pooled ? 'pg_try_advisory_xact_lock' : 'pg_try_advisory_lock'}($1::int, $2::int) as got`,
          [LOCK_NAMESPACE, key],
        );
        if (!row?.got) {
          if (pooled) await conn.unsafe('rollback');
          return false;
        }
        try {
          await fn();
        } finally {
          await conn
            .unsafe(pooled ? 'commit' : `select pg_advisory_unlock(${LOCK_NAMESPACE}, ${key})`)
            .catch(() => undefined);
        }
        return true;
      } finally {
        conn.release();
      }
    }
    const [row] = await queryRows<{ got: boolean }>(
      db,
      sql`select pg_try_advisory_lock(${LOCK_NAMESPACE}::int, ${key}::int) as got`,
    );
    if (!row?.got) return false;
    try {
      await fn();
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${LOCK_NAMESPACE}::int, ${key}::int)`).catch(() => undefined);
    }
    return true;
  } finally {
    runningHere.delete(name);
  }
}

/**
 * One run of a job, in one instance at a time: records its start, result and outcome in `job_runs`
 * (a failure is recorded and logged, never thrown). Returns `{ ran: false }` when another instance
 * holds the job's lock.
 */
export async function runJob(db: Db, job: Job, now: () => Date = () => new Date()): Promise<JobOutcome> {
  let outcome: JobOutcome = { ran: false, reason: 'locked' };
  await withJobLock(db, job.name, async () => {
    const started = now();
    await db.execute(sql`insert into job_runs (name, last_started_at) values (${job.name}, ${started.toISOString()}::timestamptz)
      on conflict (name) do update set last_started_at = excluded.last_started_at`);
    let ok = true;
    let result: Record<string, unknown>;
    try {
      result = await job.run(db, started);
      outcome = { ran: true, ok: true, result };
    } catch (err) {
      ok = false;
      const f = errorFields(err);
      result = { error: f.code ? `${f.name} ${f.code}` : f.name };
      outcome = { ran: true, ok: false, error: String(result.error) };
      logger.error({ job: job.name, err: f }, 'job failed');
    }
    await db.execute(sql`update job_runs set last_finished_at = ${now().toISOString()}::timestamptz, last_ok = ${ok},
      last_result = ${JSON.stringify(result)}::jsonb where name = ${job.name}`);
  });
  return outcome;
}

export type JobRunRow = {
  name: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastOk: boolean | null;
  lastResult: Record<string, unknown>;
};

/** Every recorded job's last run, for the admin page. */
export async function listJobRuns(db: Db): Promise<JobRunRow[]> {
  const rows = await queryRows<{
    name: string;
    last_started_at: string | Date | null;
    last_finished_at: string | Date | null;
    last_ok: boolean | null;
    last_result: unknown;
  }>(db, sql`select name, last_started_at, last_finished_at, last_ok, last_result from job_runs order by name`);
  const date = (v: string | Date | null) => (v == null ? null : new Date(v));
  return rows.map((r) => ({
    name: r.name,
    lastStartedAt: date(r.last_started_at),
    lastFinishedAt: date(r.last_finished_at),
    lastOk: r.last_ok,
    lastResult: (typeof r.last_result === 'string' ? JSON.parse(r.last_result) : (r.last_result ?? {})) as Record<
      string,
      unknown
    >,
  }));
}

/**
 * Runs every job on its own interval (first run after a short random delay, so instances started
 * together do not all try at once) until the returned function is called. Each job has one timer
 * and never overlaps itself; the advisory lock keeps other instances out.
 */
export function startScheduler(
  getDb: () => Promise<Db>,
  jobs: Job[],
  opts: { firstDelayMs?: number } = {},
): () => Promise<void> {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  for (const job of jobs) {
    const tick = async () => {
      if (stopped) return;
      const p = getDb()
        .then((db) => runJob(db, job))
        .catch((err) => logger.error({ job: job.name, err: errorFields(err) }, 'job not run'));
      inFlight.add(p);
      await p;
      inFlight.delete(p);
      if (!stopped) schedule(job.intervalMs);
    };
    const schedule = (ms: number) => {
      const t = setTimeout(() => {
        timers.delete(t);
        void tick();
      }, ms);
      t.unref?.();
      timers.add(t);
    };
    schedule(opts.firstDelayMs ?? 5_000 + randomInt(5_000));
  }
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.allSettled([...inFlight]);
  };
}
