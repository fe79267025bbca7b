import { ok } from '../staff/guard';
import { staffOperation } from '../staff/operation';
import { listJobRuns } from './runner';

/** The scheduled jobs' last runs, for admins (/staff/jobs). */
export const jobStatus = staffOperation({
  role: 'admin',
  name: 'staff.jobs.read',
  run: async (db) => ok(await listJobRuns(db)),
});
