import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import * as schema from './schema';
import { env } from '../lib/config/env';
import { countPGliteCalls, countPostgresCalls, poolCounter, type PoolCounter } from './pool-stats';

/**
 * Both drivers fit this supertype; library code takes it (or a transaction) as its first argument.
 * drizzle's PgTransaction extends PgDatabase, so a transaction is a Db as it is: no cast.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** `pool`: what /api/metrics reports as this handle's connections in use and waiting (db/pool-stats.ts). */
export type Handle = { db: Db; driver: 'postgres' | 'pglite'; close: () => Promise<void>; pool?: PoolCounter };

/**
 * libpq's way to name a Unix socket, `postgres://user@localhost/db?host=/var/run/postgresql`, which
 * postgres.js does not read from a URL: the directory becomes its `path` option. A socket on the
 * same machine costs the app less CPU per query than loopback TCP.
 */
export function unixSocketUrl(raw: string): { url: string; socketPath?: string } {
  const u = new URL(raw);
  const dir = u.searchParams.get('host');
  if (!dir?.startsWith('/')) return { url: raw };
  u.searchParams.delete('host');
  return { url: u.toString(), socketPath: `${dir.replace(/\/$/, '')}/.s.PGSQL.${u.port || 5432}` };
}

type SqlClient = {
  unsafe: (query: string, args?: unknown[], options?: { prepare?: boolean }) => unknown;
  begin?: (...args: unknown[]) => unknown;
  savepoint?: (...args: unknown[]) => unknown;
};

/**
 * drizzle sends every query with `prepare: false`, so PostgreSQL parses and plans each one again
 * (about a millisecond of server CPU for the recovery steps' statements). With this, every
 * statement with parameters is prepared once per connection and reused — postgres.js keys its
 * statement cache by the SQL text — inside transactions and savepoints too. Statements without
 * parameters (migrations, BEGIN) run as they did. Not used behind PgBouncer in transaction mode
 * (DATABASE_PGBOUNCER), which cannot keep prepared statements. Full-text searches (`::tsquery`)
 * are planned for their actual query every time: after five runs PostgreSQL may switch a prepared
 * statement to a generic plan, which cannot know how selective a search is (help search p95 went
 * from 8 to 22 ms with one).
 */
const PLAN_EACH_TIME = /::tsquery/;

function preparedByDefault<T extends SqlClient>(client: T): T {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = (query, args, options) =>
    unsafe(query, args, { ...options, prepare: Boolean(args?.length) && !PLAN_EACH_TIME.test(query) });
  for (const method of ['begin', 'savepoint'] as const) {
    const original = client[method]?.bind(client);
    if (!original) continue;
    client[method] = (...args: unknown[]) => {
      const fn = args.pop() as (tx: SqlClient) => unknown;
      return original(...args, (tx: SqlClient) => fn(preparedByDefault(tx)));
    };
  }
  return client;
}

const beforeClose = new WeakMap<Db, Set<() => Promise<void>>>();

/** Runs `fn` when the handle of `db` closes, before the connection goes (e.g. write what is queued). Once per fn. */
export function onBeforeClose(db: Db, fn: () => Promise<void>): void {
  let hooks = beforeClose.get(db);
  if (!hooks) beforeClose.set(db, (hooks = new Set()));
  hooks.add(fn);
}

async function runBeforeClose(db: Db): Promise<void> {
  for (const fn of beforeClose.get(db) ?? []) {
    try {
      await fn();
    } catch {
      /* closing goes on */
    }
  }
  beforeClose.delete(db);
}

/** Opens a database: postgres.js when a URL is given, else PGlite (a directory, or in memory for `memory://`). */
export async function openDatabase(opts: {
  url?: string;
  pgliteDir?: string;
  migrate?: boolean;
  poolMax?: number;
}): Promise<Handle> {
  let handle: Handle;
  if (opts.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { url, socketPath } = unixSocketUrl(opts.url);
    const client = postgres(url, {
      ...(socketPath ? { path: socketPath } : {}),
      max: opts.poolMax ?? 10,
      prepare: !env().DATABASE_PGBOUNCER,
      onnotice: () => {},
      connection: { statement_timeout: env().STATEMENT_TIMEOUT_MS, application_name: 'login-help-portal' },
    });
    if (!env().DATABASE_PGBOUNCER) preparedByDefault(client as unknown as SqlClient);
    const pool = poolCounter(opts.poolMax ?? 10);
    countPostgresCalls(client as unknown as SqlClient, pool);
    const db: Db = drizzle(client, { schema });
    handle = {
      db,
      driver: 'postgres',
      pool,
      close: async () => {
        await runBeforeClose(db);
        await client.end({ timeout: 5 });
      },
    };
    if (opts.migrate) {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
  } else {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const dir = opts.pgliteDir ?? 'memory://';
    if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
    const client = new PGlite(dir);
    await client.waitReady;
    const { preparePGliteStatements } = await import('./pglite-prepared');
    preparePGliteStatements(client, PLAN_EACH_TIME);
    const pool = poolCounter(1);
    countPGliteCalls(client, pool);
    const db: Db = drizzle(client, { schema });
    handle = {
      db,
      driver: 'pglite',
      pool,
      close: async () => {
        await runBeforeClose(db);
        await client.close();
      },
    };
    if (opts.migrate) {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    }
  }
  return handle;
}

const g = globalThis; // the handles are declared in lib/config/process-globals.ts

/** The one shared database of this process, created once (and migrated, for the embedded one). */
export function getDbHandle(): Promise<Handle> {
  if (!g.__lhpDb) {
    const e = env();
    g.__lhpDb = openDatabase(
      e.DATABASE_URL
        ? { url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, migrate: false }
        : { pgliteDir: path.resolve(e.PGLITE_DIR), migrate: true },
    )
      .then((h) => {
        // server.mjs runs these on SIGTERM: the database is closed after the last request.
        (g.__lhpShutdownHooks ??= []).push(() => closeDb());
        return h;
      })
      .catch((err) => {
        g.__lhpDb = undefined;
        throw err;
      });
  }
  return g.__lhpDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests install their own database here so route handlers and server actions use it. */
export function setDbForTests(handle: Handle | undefined): void {
  g.__lhpDb = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDb(): Promise<void> {
  const h = g.__lhpDb;
  g.__lhpDb = undefined;
  if (h) await (await h).close();
}

/**
 * A PostgreSQL array literal of texts (`{"a","b"}`), to pass as one text parameter cast on to an array
 * (`${pgTextArray(xs)}::text::text[]`, `::text::int[]` …): the statement's text is then the same for
 * any number of values, so it is prepared once. Both drivers send it as a plain string.
 */
export function pgTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/** Raw SQL returning rows, the same on both drivers (PGlite wraps them in `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown;
  if (Array.isArray(res)) return res as T[];
  return ((res as { rows?: T[] }).rows ?? []) as T[];
}

export type { Handle as DatabaseHandle };

/** One round trip to the database, for /api/health. */
export async function pingDatabase(): Promise<{ driver: 'postgres' | 'pglite'; latencyMs: number }> {
  const started = Date.now();
  const h = await getDbHandle();
  const { sql } = await import('drizzle-orm');
  await h.db.execute(sql`select 1`);
  return { driver: h.driver, latencyMs: Date.now() - started };
}
