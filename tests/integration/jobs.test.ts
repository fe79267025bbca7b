import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { type Db } from '@/db/client';
import { listJobRuns, registerJob, registeredJobs, runJob, startScheduler, type Job } from '@/lib/jobs';
import { withTestDatabase } from '../support/db';

let db: Db;
withTestDatabase((x) => {
  db = x.db;
});

describe('scheduled jobs (lib/jobs)', () => {
  it('records a run, its counts and its outcome in job_runs; a failure is recorded, not thrown', async () => {
    const ok: Job = { name: 'test.ok', intervalMs: 1000, run: async () => ({ removed: 3 }) };
    expect(await runJob(db, ok)).toEqual({ ran: true, ok: true, result: { removed: 3 } });
    const bad: Job = {
      name: 'test.bad',
      intervalMs: 1000,
      run: async () => {
        await db.execute(sql`select * from no_such_table`);
        return {};
      },
    };
    const out = await runJob(db, bad);
    expect(out).toMatchObject({ ran: true, ok: false });
    const runs = await listJobRuns(db);
    const byName = Object.fromEntries(runs.map((r) => [r.name, r]));
    expect(byName['test.ok']).toMatchObject({ lastOk: true, lastResult: { removed: 3 } });
    expect(byName['test.ok'].lastFinishedAt!.getTime()).toBeGreaterThanOrEqual(
      byName['test.ok'].lastStartedAt!.getTime(),
    );
    expect(byName['test.bad']).toMatchObject({
      lastOk: false,
      lastResult: { error: expect.stringContaining('42P01') },
    });
  });

  it('one instance at a time: a run while the same job runs is skipped, another job still runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let runs = 0;
    const slow: Job = {
      name: 'test.slow',
      intervalMs: 1000,
      run: async () => {
        runs++;
        await gate;
        return {};
      },
    };
    const first = runJob(db, slow);
    await expect.poll(() => runs).toBe(1);
    expect(await runJob(db, slow)).toEqual({ ran: false, reason: 'locked' });
    expect(await runJob(db, { name: 'test.other', intervalMs: 1000, run: async () => ({}) })).toMatchObject({
      ran: true,
    });
    release();
    expect(await first).toMatchObject({ ran: true, ok: true });
    expect(runs).toBe(1);
    // The lock is released after the run: the next round runs.
    expect(await runJob(db, slow)).toMatchObject({ ran: true });
  });

  it('the scheduler runs registered jobs on their interval and stops cleanly', async () => {
    let n = 0;
    registerJob({ name: 'test.tick', intervalMs: 20, run: async () => ({ n: ++n }) });
    expect(registeredJobs().map((j) => j.name)).toContain('test.tick');
    expect(() => registerJob({ name: 'Bad Name', intervalMs: 1, run: async () => ({}) })).toThrow();
    const stop = startScheduler(
      async () => db,
      registeredJobs().filter((j) => j.name === 'test.tick'),
      { firstDelayMs: 0 },
    );
    await expect.poll(() => n, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    await stop();
    const after = n;
    await new Promise((r) => setTimeout(r, 100));
    expect(n).toBe(after);
  });
});

describe('job status for admins (/staff/jobs)', () => {
  it("admins read every job's last run; a viewer, an operator and no session are refused", async () => {
    const { seedStaffCast } = await import('../support/staff-fixtures');
    const { jobStatus } = await import('@/lib/jobs/status');
    const cast = await seedStaffCast(db);
    await runJob(db, { name: 'test.status', intervalMs: 1000, run: async () => ({ removed: 2 }) });
    const res = await jobStatus(db, cast.admin, { ip: '192.0.2.1' });
    expect(res.ok && res.data.find((r) => r.name === 'test.status')).toMatchObject({
      lastOk: true,
      lastResult: { removed: 2 },
    });
    expect(await jobStatus(db, cast.viewer)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await jobStatus(db, cast.operator)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await jobStatus(db, null, { ip: '192.0.2.2' })).toMatchObject({ ok: false, code: 'unauthenticated' });
  });
});
