export { registerJob, registeredJobs, getJob, type Job } from './registry';
export {
  runJob,
  withJobLock,
  listJobRuns,
  startScheduler,
  jobLockKey,
  type JobOutcome,
  type JobRunRow,
} from './runner';
