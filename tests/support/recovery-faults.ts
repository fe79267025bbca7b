import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';

/**
 * Fault injection for the completion transaction (the harness of docs/threat-model.md): test-only triggers that
 * raise when `current_setting('test.fail_at', true)` names their table — `passkeys`, `customers`,
 * `audit_events`, `notification_outbox` — or `commit` (a deferred constraint trigger, so the fault hits
 * at COMMIT). `<target>:<sqlstate>` raises that SQLSTATE (40001, 40P01 for the retry tests). The
 * setting is transaction-local (set_config(..., true)), so nothing outside the faulty transaction sees it.
 */
export async function installFaultTriggers(db: Db): Promise<void> {
  await db.execute(
    sql.raw(`
    create or replace function test_fail_at() returns trigger language plpgsql as $$
    declare v text := coalesce(current_setting('test.fail_at', true), '');
    begin
      if v <> '' and split_part(v, ':', 1) = tg_table_name then
        raise exception 'injected fault at %', v using errcode = coalesce(nullif(split_part(v, ':', 2), ''), 'P0001');
      end if;
      return null;
    end $$`),
  );
  await db.execute(
    sql.raw(`
    create or replace function test_fail_at_commit() returns trigger language plpgsql as $$
    declare v text := coalesce(current_setting('test.fail_at', true), '');
    begin
      if v <> '' and split_part(v, ':', 1) = 'commit' then
        raise exception 'injected fault at commit' using errcode = coalesce(nullif(split_part(v, ':', 2), ''), 'P0001');
      end if;
      return null;
    end $$`),
  );
  for (const t of ['passkeys', 'customers', 'audit_events', 'notification_outbox']) {
    await db.execute(sql.raw(`drop trigger if exists test_fail_at on ${t}`));
    await db.execute(
      sql.raw(
        `create trigger test_fail_at before insert or update on ${t} for each statement execute function test_fail_at()`,
      ),
    );
  }
  await db.execute(sql.raw(`drop trigger if exists test_fail_at_commit on recovery_flows`));
  await db.execute(
    sql.raw(`create constraint trigger test_fail_at_commit after update on recovery_flows
    deferrable initially deferred for each row execute function test_fail_at_commit()`),
  );
  await installCompletionHook(db);
}

/**
 * The seam inside the completion transaction, kept out of lib/: a test-only table `test_faults` (made
 * here, never by a migration) says what to do, and a `before update` statement trigger on `passkeys` —
 * the first write of revokePasskeysAndEnablePassword, fired even when no passkey is left — does it:
 * `fail_at` sets `test.fail_at` (transaction-local) for the first `times` runs, `lock` waits on an
 * advisory transaction lock, `terminate` kills its own backend. Each run takes a number from the
 * sequence `test_faults_calls`, which no rollback gives back, so a test counts the attempts that
 * reached the writes, retried and failed ones included. The trigger's name sorts before `test_fail_at`
 * so that a fault at `passkeys` fires on that very statement.
 */
async function installCompletionHook(db: Db): Promise<void> {
  await db.execute(
    sql.raw(`create table if not exists test_faults (
    id int primary key check (id = 1), action text not null, arg text, times int)`),
  );
  await db.execute(sql.raw(`create sequence if not exists test_faults_calls`));
  await db.execute(
    sql.raw(`
    create or replace function test_completion_hook() returns trigger language plpgsql as $$
    declare f test_faults; n bigint;
    begin
      select * into f from test_faults where id = 1;
      if not found then return null; end if;
      n := nextval('test_faults_calls');
      if f.action = 'fail_at' and (f.times is null or n <= f.times) then
        perform set_config('test.fail_at', f.arg, true);
      elsif f.action = 'lock' then
        perform pg_advisory_xact_lock(f.arg::bigint);
      elsif f.action = 'terminate' then
        perform pg_terminate_backend(pg_backend_pid());
      end if;
      return null;
    end $$`),
  );
  await db.execute(sql.raw(`drop trigger if exists test_0_completion_hook on passkeys`));
  await db.execute(
    sql.raw(`create trigger test_0_completion_hook before update on passkeys
    for each statement execute function test_completion_hook()`),
  );
}

export type CompletionHook = { calls: () => Promise<number> };

async function setCompletionHook(
  db: Db,
  action: 'fail_at' | 'lock' | 'terminate',
  arg: string | null,
  times: number | null,
): Promise<CompletionHook> {
  await clearCompletionHooks(db);
  await db.execute(sql`insert into test_faults (id, action, arg, times) values (1, ${action}, ${arg}, ${times})`);
  return {
    calls: async () => {
      const [r] = await queryRows<{ n: string | number }>(
        db,
        sql.raw(`select case when is_called then last_value else 0 end as n from test_faults_calls`),
      );
      return Number(r.n);
    },
  };
}

/** Makes the next completion transactions fail at `target` (for the first `times` attempts, or all). */
export function failCompletionAt(db: Db, target: string, times = Infinity): Promise<CompletionHook> {
  return setCompletionHook(db, 'fail_at', target, Number.isFinite(times) ? times : null);
}

/** Makes every completion transaction wait, before its first write, on the advisory lock `key`. */
export function lockCompletionOn(db: Db, key: number): Promise<CompletionHook> {
  return setCompletionHook(db, 'lock', String(key), null);
}

/** Makes the completion transaction's backend kill itself before its first write. */
export function terminateCompletion(db: Db): Promise<CompletionHook> {
  return setCompletionHook(db, 'terminate', null, null);
}

export async function clearCompletionHooks(db: Db): Promise<void> {
  await db.execute(sql.raw(`delete from test_faults`));
  await db.execute(sql.raw(`select setval('test_faults_calls', 1, false)`));
}
