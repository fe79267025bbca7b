import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { resetEnvCache } from '@/lib/config/env';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  resetEnvCache();
});

describe('operations on PostgreSQL', () => {
  it('cancels a slow statement at STATEMENT_TIMEOUT_MS', async () => {
    process.env.STATEMENT_TIMEOUT_MS = '200';
    resetEnvCache();
    const h = await openDatabase({ url: t.url!, poolMax: 1 });
    try {
      await expect(h.db.execute(sql`select pg_sleep(2)`)).rejects.toMatchObject({ cause: { code: '57014' } });
      const [row] = await queryRows<{ ok: number }>(h.db, sql`select 1 as ok`);
      expect(Number(row.ok)).toBe(1);
    } finally {
      await h.close();
      delete process.env.STATEMENT_TIMEOUT_MS;
      resetEnvCache();
    }
  });

  it('prepares each statement with parameters once per connection and reuses it, in transactions too', async () => {
    const h = await openDatabase({ url: t.url!, poolMax: 1 });
    try {
      const prepared = async (marker: string) =>
        (
          await queryRows<{ n: number }>(
            h.db,
            sql`
        select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`,
          )
        )[0].n;
      for (let i = 0; i < 3; i++) await h.db.execute(sql`select ${i}::int as prepared_marker_a`);
      expect(await prepared('prepared_marker_a')).toBe(1);
      await h.db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await tx.execute(sql`select ${i}::int as prepared_marker_b`);
      });
      expect(await prepared('prepared_marker_b')).toBe(1);
      // Without parameters (migrations, DDL) nothing is prepared; nor a full-text search, planned for its own query.
      await h.db.execute(sql`select 1 as prepared_marker_c`);
      expect(await prepared('prepared_marker_c')).toBe(0);
      for (let i = 0; i < 3; i++) await h.db.execute(sql`select ${`a${i}`}::tsquery as prepared_marker_d`);
      expect(await prepared('prepared_marker_d')).toBe(0);
    } finally {
      await h.close();
    }
  });

  it('reaches PostgreSQL through its Unix socket when DATABASE_URL names the directory as libpq does', async () => {
    const url = new URL(t.url!);
    url.hostname = 'localhost';
    url.searchParams.set('host', '/var/run/postgresql');
    const h = await openDatabase({ url: url.toString(), poolMax: 1 });
    try {
      const [row] = await queryRows<{ addr: string | null }>(h.db, sql`select inet_client_addr()::text as addr`);
      expect(row.addr).toBeNull(); // a socket connection has no client address
    } finally {
      await h.close();
    }
  });
});
