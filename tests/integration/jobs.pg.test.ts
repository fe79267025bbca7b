import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db } from '@/db/client';
import { runJob, type Job } from '@/lib/jobs';
import { withTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
let db: Db;
withTestDatabase((x) => {
  t = x;
  db = x.db;
});

describe('scheduled jobs across instances (PostgreSQL)', () => {
  it('another instance (its own pool) skips the job while this one holds the advisory lock', async () => {
    const other = await openDatabase({ url: t.url!, poolMax: 2 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let started = false;
      const job: Job = {
        name: 'test.cross',
        intervalMs: 1000,
        run: async () => {
          started = true;
          await gate;
          return {};
        },
      };
      const first = runJob(db, job);
      await expect.poll(() => started).toBe(true);
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

describe('scheduled jobs behind PgBouncer (transaction mode)', () => {
  it("the lock is a transaction's on the reserved connection: another instance skips, and it is gone after the run", async () => {
    process.env.DATABASE_PGBOUNCER = '1';
    const { resetEnvCache } = await import('@/lib/config/env');
    resetEnvCache();
    const other = await openDatabase({ url: t.url!, poolMax: 2 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      let started = false;
      const job: Job = {
        name: 'test.bouncer',
        intervalMs: 1000,
        run: async () => {
          started = true;
          await gate;
          return {};
        },
      };
      const first = runJob(db, job);
      await expect.poll(() => started).toBe(true);
      expect(await runJob(other.db, job)).toEqual({ ran: false, reason: 'locked' });
      release();
      expect(await first).toMatchObject({ ran: true, ok: true });
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from pg_locks where locktype = 'advisory'`,
      );
      expect(Number(row.n)).toBe(0);
      expect(await runJob(other.db, job)).toMatchObject({ ran: true, ok: true });
    } finally {
      await other.close();
      delete process.env.DATABASE_PGBOUNCER;
      resetEnvCache();
    }
  });
});
