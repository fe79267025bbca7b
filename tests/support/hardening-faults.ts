import { createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseHandle, type Db } from '../../db/client';
import { logger } from '../../lib/log';

/**
 * Fault harness of the hardening tests (RT-25, RT-31, RT-32): a database that is down, a database that
 * fails inside one statement, pino output captured line by line, and a text dump of every table.
 */

export type DeadDatabase = { handle: DatabaseHandle; close: () => Promise<void> };

/** A PostgreSQL ErrorResponse message (FATAL) as the server sends it. */
function fatalMessage(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}

/**
 * A real postgres.js handle to a server that is not there:
 *  - `refused`: a port where nothing listens (ECONNREFUSED: a stopped server);
 *  - `shutting_down`: a port that answers every connection the way PostgreSQL does while it stops or
 *    starts (FATAL 57P03 "the database system is shutting down", then closes).
 * (A server that accepts and closes without a word is not simulated: postgres.js 3.4.9 retries such a
 * connection forever — porsager/postgres#1193.)
 */
export async function deadDatabase(kind: 'refused' | 'shutting_down'): Promise<DeadDatabase> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.once('data', () => s.end(fatalMessage('57P03', 'the database system is shutting down')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  if (kind === 'refused') await new Promise<void>((r) => server.close(() => r()));
  const handle = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/down`, poolMax: 2 });
  return {
    handle,
    close: async () => {
      await handle.close().catch(() => {});
      if (kind === 'shutting_down') {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => server.close(() => r()));
      }
    },
  };
}

/**
 * A trigger that makes one table fail the way a server shutting down does (SQLSTATE 57P01,
 * admin_shutdown) — on both drivers. `when` narrows it to some rows (a SQL condition on NEW/OLD).
 */
export async function failTableWithShutdown(
  db: Db,
  table: string,
  opts: { when?: string; events?: string } = {},
): Promise<() => Promise<void>> {
  const fn = `hardening_shutdown_${table}`;
  await db.execute(
    sql.raw(`
    create or replace function ${fn}() returns trigger language plpgsql as $$
    begin
      raise exception 'terminating connection due to administrator command' using errcode = '57P01';
    end $$`),
  );
  await db.execute(sql.raw(`drop trigger if exists ${fn} on ${table}`));
  await db.execute(
    sql.raw(`create trigger ${fn} before ${opts.events ?? 'insert or update'} on ${table}
    for each row ${opts.when ? `when (${opts.when})` : ''} execute function ${fn}()`),
  );
  return async () => {
    await db.execute(sql.raw(`drop trigger if exists ${fn} on ${table}`));
  };
}

/** Runs `fn` while `table` fails like a shutting-down server (failTableWithShutdown), healing it afterwards whatever happens. */
export async function whileTableFails<T>(
  db: Db,
  table: string,
  opts: { when?: string; events?: string },
  fn: () => Promise<T>,
): Promise<T> {
  const heal = await failTableWithShutdown(db, table, opts);
  try {
    return await fn();
  } finally {
    await heal();
  }
}

export type CapturedLogs = { lines: string[]; restore: () => void };

/** Sends the app's pino logger (lib/log) into memory at `level`, as the JSON lines it would print. */
export function captureLogs(level: pino.Level = 'trace'): CapturedLogs {
  const lines: string[] = [];
  const target = logger as unknown as Record<symbol, unknown>;
  const streamSym = pino.symbols.streamSym;
  const previous = target[streamSym];
  const previousLevel = logger.level;
  let pending = '';
  target[streamSym] = new Writable({
    write(chunk, _enc, cb) {
      pending += String(chunk);
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        lines.push(pending.slice(0, i));
        pending = pending.slice(i + 1);
      }
      cb();
    },
  });
  logger.level = level;
  return {
    lines,
    restore: () => {
      target[streamSym] = previous;
      logger.level = previousLevel;
    },
  };
}

/** Every row of every table of the schema as text (`row::text`), per table. */
export async function dumpAllTables(db: Db): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const rows = await queryRows<{ t: string }>(db, sql.raw(`select x::text as t from "${name}" x`));
    out[name] = rows.map((r) => r.t).join('\n');
  }
  return out;
}

/** Where `needle` occurs as a token of its own (not inside a longer run of letters, digits or a fraction). */
export function occurrences(haystack: string, needle: string): number {
  const esc = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (haystack.match(new RegExp(`(?<![0-9A-Za-z.])${esc}(?![0-9A-Za-z])`, 'g')) ?? []).length;
}
