import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, queryRows, setDbForTests, type DatabaseHandle, type Db } from '../../db/client';

export type TestDatabase = DatabaseHandle & { url?: string; name?: string; drop: () => Promise<void> };

/**
 * A disposable, migrated database for one test file: its own database on the real server when
 * DATABASE_URL is set, else in-memory PGlite. The same drizzle migrations as production.
 */
export async function createTestDatabase(opts: { install?: boolean } = {}): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  let handle: TestDatabase;
  if (base) {
    const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const h = await openDatabase({ url: url.toString(), migrate: true, poolMax: 20 });
    handle = {
      ...h,
      url: url.toString(),
      name,
      drop: async () => {
        await h.close();
        const a = postgres(base, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  } else {
    const h = await openDatabase({ pgliteDir: 'memory://', migrate: true });
    handle = { ...h, drop: () => h.close() };
  }
  if (opts.install !== false) setDbForTests(handle);
  return handle;
}

/**
 * This test file's database: created before its tests (handed to `ready`) and dropped after them.
 * `let db: Db; withTestDatabase((t) => { db = t.db; });`
 */
export function withTestDatabase(ready: (t: TestDatabase) => void): void {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    ready(t);
  });
  afterAll(async () => {
    await t?.drop();
  });
}

const SNAPSHOT_TABLES = [
  'customers',
  'passkeys',
  'recovery_flows',
  'notification_outbox',
  'audit_events',
  'staff_reset_requests',
  'staff_users',
  'rate_limit_buckets',
  'webauthn_challenges',
] as const;

export type Snapshot = Record<string, { count: number; digest: string }>;

/** count(*) and md5 of every row, per table: "nothing lost" means before and after are equal. */
export async function snapshot(db: Db, tables: readonly string[] = SNAPSHOT_TABLES): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const t of tables) {
    const [row] = await queryRows<{ count: string | number; digest: string | null }>(
      db,
      sql.raw(
        `select count(*) as count, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as digest from ${t} x`,
      ),
    );
    out[t] = { count: Number(row.count), digest: row.digest ?? '' };
  }
  return out;
}

/** Which tables differ between two snapshots. */
export function changedTables(a: Snapshot, b: Snapshot): string[] {
  return Object.keys(a).filter((t) => a[t].count !== b[t]?.count || a[t].digest !== b[t]?.digest);
}
