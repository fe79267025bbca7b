import type { Db } from '../../db/client';
import { authorizeStaff, type Principal, type RequestCtx, type StaffResult } from '../staff/guard';
import { listJobRuns, type JobRunRow } from './runner';

/** The scheduled jobs' last runs, for admins (/staff/jobs). */
export async function jobStatus(db: Db, principal: Principal, ctx: RequestCtx = {}): Promise<StaffResult<JobRunRow[]>> {
  const auth = await authorizeStaff(db, principal, 'admin', 'staff.jobs.read', ctx);
  if (!auth.ok) return { ok: false, code: auth.code, status: auth.status };
  return { ok: true, data: await listJobRuns(db) };
}
