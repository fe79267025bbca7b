import { sql } from 'drizzle-orm';

/**
 * The verification runs an incremental check may start from (lib/audit/jobs.ts): finished, the chain intact, with
 * an end. Retention (lib/jobs/retention.ts) never removes the newest of them, so both read this one condition.
 */
export const GOOD_VERIFICATION = sql.raw(`status = 'done' and ok and to_event_id is not null`);
