import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db } from '@/db/client';
import { runJob, type Job } from '@/lib/jobs';
import { withTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
let db: Db;
withTestDatabase((x) => { t = x; db = x.db; });

describe('scheduled jobs across instances (PostgreSQL)', () => {
  it('another instance (its own pool) skips the job while this one holds the advisory lock', async () => {
    const other = await openDatabase({ url: t.url!, poolMax: 2 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      const job: Job = { name: 'test.cross', intervalMs: 1000, run: async () => { await gate; return {}; } };
      const first = runJob(db, job);
      await new Promise((r) => setTimeout(r, 100));
      expect(await runJob(other.db, job)).toEqual({ ran: false, reason: 'locked' });
      // The work is not held in a transaction: other statements go on meanwhile.
      const [row] = await queryRows<{ n: number }>(other.db, sql`select count(*)::int as n from job_runs`);
      expect(Number(row.n)).toBeGreaterThan(0);
      release();
      await first;
      expect(await runJob(other.db, job)).toMatchObject({ ran: true, ok: true });
    } finally {
      await other.close();
    }
  });

});
