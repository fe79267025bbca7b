import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { completionTestHooks } from '../../lib/recovery/reset';

/**
 * Fault injection for the completion transaction (TEST-MATRIX harness recipe): test-only triggers that
 * raise when `current_setting('test.fail_at', true)` names their table — `passkeys`, `customers`,
 * `audit_events`, `notification_outbox` — or `commit` (a deferred constraint trigger, so the fault hits
 * at COMMIT). `<target>:<sqlstate>` raises that SQLSTATE (40001, 40P01 for the retry tests). The
 * setting is transaction-local (set_config(..., true)), so nothing outside the faulty transaction sees it.
 */
export async function installFaultTriggers(db: Db): Promise<void> {
  await db.execute(sql.raw(`
    create or replace function test_fail_at() returns trigger language plpgsql as $$
    declare v text := coalesce(current_setting('test.fail_at', true), '');
    begin
      if v <> '' and split_part(v, ':', 1) = tg_table_name then
        raise exception 'injected fault at %', v using errcode = coalesce(nullif(split_part(v, ':', 2), ''), 'P0001');
      end if;
      return null;
    end $$`));
  await db.execute(sql.raw(`
    create or replace function test_fail_at_commit() returns trigger language plpgsql as $$
    declare v text := coalesce(current_setting('test.fail_at', true), '');
    begin
      if v <> '' and split_part(v, ':', 1) = 'commit' then
        raise exception 'injected fault at commit' using errcode = coalesce(nullif(split_part(v, ':', 2), ''), 'P0001');
      end if;
      return null;
    end $$`));
  for (const t of ['passkeys', 'customers', 'audit_events', 'notification_outbox']) {
    await db.execute(sql.raw(`drop trigger if exists test_fail_at on ${t}`));
    await db.execute(sql.raw(`create trigger test_fail_at before insert or update on ${t} for each statement execute function test_fail_at()`));
  }
  await db.execute(sql.raw(`drop trigger if exists test_fail_at_commit on recovery_flows`));
  await db.execute(sql.raw(`create constraint trigger test_fail_at_commit after update on recovery_flows
    deferrable initially deferred for each row execute function test_fail_at_commit()`));
}

/** Makes the next completion transactions fail at `target` (for the first `times` attempts, or all). */
export function failCompletionAt(target: string, times = Infinity): { calls: () => number } {
  let calls = 0;
  completionTestHooks.beforeWrites = async (tx) => {
    calls++;
    if (calls <= times) await tx.execute(sql`select set_config('test.fail_at', ${target}, true)`);
  };
  return { calls: () => calls };
}

export function clearCompletionHooks(): void {
  completionTestHooks.beforeWrites = undefined;
}
