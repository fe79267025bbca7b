import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows } from '@/db/client';
import { resetEnvCache } from '@/lib/config/env';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => { t = await createTestDatabase(); });
afterAll(async () => { await t?.drop(); resetEnvCache(); });

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
});
