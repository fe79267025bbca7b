import type { Db } from '../../db/client';

/**
 * A scheduled job: a name (also its row in `job_runs` and its advisory lock), how often it runs, and
 * the work. `run` gets the shared database (never a transaction: keep each statement short, see
 * docs/operations.md) and returns counts to record as the run's result.
 */
export type Job = {
  name: string;
  intervalMs: number;
  run: (db: Db, now: Date) => Promise<Record<string, unknown>>;
};

const jobs = (globalThis.__lhpJobs ??= new Map<string, Job>());

/** Adds (or replaces, by name) a job. Modules register their jobs on import; lib/jobs/all.ts imports them. */
export function registerJob(job: Job): void {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(job.name)) throw new Error(`bad job name: ${job.name}`);
  if (!(job.intervalMs > 0)) throw new Error(`bad job interval: ${job.name}`);
  jobs.set(job.name, job);
}

export function registeredJobs(): Job[] {
  return [...jobs.values()];
}

export function getJob(name: string): Job | undefined {
  return jobs.get(name);
}
