/** What the benchmarks share beside the HTTP client: a scratch PostgreSQL database, a process's RSS. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';

export const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Runs `fn` with the URL of a new database on PG (named `<prefix>_<random>`), dropped afterwards whatever
 * happens. When PG cannot create it, `onUnreachable` gives the answer instead (a table row saying so);
 * without it the error is thrown.
 */
export async function withScratchDatabase<T>(
  prefix: string,
  fn: (url: string) => Promise<T>,
  onUnreachable?: (message: string) => T,
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  try {
    try {
      await admin.unsafe(`create database ${name}`);
    } catch (err) {
      if (onUnreachable) return onUnreachable(`PostgreSQL not reachable at ${PG}: ${(err as Error).message}`);
      throw err;
    }
    const url = new URL(PG);
    url.pathname = `/${name}`;
    try {
      return await fn(url.toString());
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await admin.end();
  }
}

/** Resident memory of a process of this machine, MiB (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}
