import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { STEP_PASSED_POSITIONS, stepPassedAction } from '../audit';
import type { AuditAction } from '../audit/actions';
import type { FlowKind } from '../recovery/flow';

/**
 * The recovery funnel, one per flow kind (docs/design.md#forgotten-password). Read primarily from
 * recovery_flows (the step a flow is at says which steps it passed; the verified-at columns survive a later
 * lock or expiry), completed by the per-step audit events for flows that ended early, so a flow locked at
 * the OTP step still counts as having passed the secret question.
 */
export const FUNNEL_STAGES = ['started', 'credentials', 'secret_question', 'account_data', 'otp', 'completed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export const FUNNEL_OUTCOMES = ['locked', 'expired', 'cancelled'] as const;
export type Funnel = Record<FunnelStage | (typeof FUNNEL_OUTCOMES)[number], number>;

/**
 * The password kind: PIN, question, account data, the first code (its wait begins), the return after the
 * wait, the new password accepted, completion.
 */
export const PASSWORD_FUNNEL_STAGES = [
  'started',
  'credentials_pin',
  'secret_question',
  'account_data',
  'otp',
  'resumed',
  'new_password',
  'completed',
] as const;
export type PasswordFunnelStage = (typeof PASSWORD_FUNNEL_STAGES)[number];
/** `waiting`: in its cooling-off wait now (not yet resumed, not expired). */
export const PASSWORD_FUNNEL_OUTCOMES = ['waiting', 'locked', 'expired', 'cancelled'] as const;
export type PasswordFunnel = Record<PasswordFunnelStage | (typeof PASSWORD_FUNNEL_OUTCOMES)[number], number>;

/** The audit action lib/recovery writes when a flow passes a verification step, with the funnel position (lib/audit/actions). */
export const STEP_PASSED_ACTIONS: Readonly<Record<string, number>> = Object.fromEntries(STEP_PASSED_POSITIONS);

type KindSpec = {
  /** The stages between `started` and `completed`, position 1 first. */
  middle: readonly string[];
  /** Events that prove a position was reached (for flows whose row no longer says so). */
  events: ReadonlyArray<readonly [AuditAction, number]>;
  /** The position a row proves by itself. */
  reached: SQL;
};

const SPECS: Record<FlowKind, KindSpec> = {
  passkey: {
    middle: FUNNEL_STAGES.slice(1, -1),
    events: STEP_PASSED_POSITIONS,
    reached: sql`greatest(
      case rf.step::text when 'secret_question' then 1 when 'account_data' then 2 when 'otp' then 3
        when 'review' then 4 when 'done' then 4 else 0 end,
      case when rf.password_verified_at is not null then 1 else 0 end,
      case when rf.otp_verified_at is not null then 4 else 0 end)`,
  },
  password: {
    middle: PASSWORD_FUNNEL_STAGES.slice(1, -1),
    events: [
      [stepPassedAction('credentials_pin'), 1],
      [stepPassedAction('secret_question'), 2],
      [stepPassedAction('account_data'), 3],
      ['recovery.waiting_started', 4],
      ['recovery.resumed', 5],
      ['recovery.new_password.set', 6],
    ],
    // After the wait the flow is at `otp` again: its resumed_at tells the second visit from the first.
    reached: sql`greatest(
      case rf.step::text when 'secret_question' then 1 when 'account_data' then 2
        when 'otp' then (case when rf.resumed_at is not null then 5 else 3 end)
        when 'waiting' then 4 when 'new_password' then 5 when 'review' then 6 when 'done' then 6 else 0 end,
      case when rf.pin_verified_at is not null then 1 else 0 end,
      case when rf.waiting_since is not null then 4 else 0 end,
      case when rf.resumed_at is not null then 5 else 0 end,
      case when rf.new_password_hash is not null then 6 else 0 end)`,
  },
};

async function kindFunnel(db: Db, kind: FlowKind, from: Date, to: Date, now: Date): Promise<Record<string, number>> {
  const spec = SPECS[kind];
  const actions = sql.join(
    spec.events.map(([a]) => sql`${a}`),
    sql`, `,
  );
  const position = sql.join(
    spec.events.map(([a, n]) => sql`when ${a} then ${sql.raw(String(n))}`),
    sql` `,
  );
  const stages = sql.join(
    spec.middle.map(
      (_, i) => sql`(count(*) filter (where reached >= ${sql.raw(String(i + 1))}))::int as ${sql.raw(`s${i + 1}`)}`,
    ),
    sql`, `,
  );
  const nowIso = now.toISOString();
  const [row] = await queryRows<Record<string, number | string>>(
    db,
    sql`
    with passed as (
      select flow_id, max(case action ${position} else 0 end) as reached
      from audit_events
      where action in (${actions}) and flow_id is not null and at >= ${from.toISOString()}::timestamptz
      group by flow_id
    ), f as (
      select rf.step::text as step, rf.completed_at, rf.expires_at,
        greatest(${spec.reached}, coalesce(p.reached, 0)) as reached
      from recovery_flows rf
      left join passed p on p.flow_id = rf.id
      where rf.kind = ${kind} and rf.channel::text in ('web', 'app')
        and rf.created_at >= ${from.toISOString()}::timestamptz and rf.created_at < ${to.toISOString()}::timestamptz
    )
    select
      count(*)::int as started,
      ${stages},
      (count(*) filter (where step = 'done' or completed_at is not null))::int as completed,
      (count(*) filter (where step = 'waiting' and expires_at > ${nowIso}::timestamptz))::int as waiting,
      (count(*) filter (where step = 'locked'))::int as locked,
      (count(*) filter (where step = 'expired' or (step not in ('done', 'locked', 'cancelled', 'expired') and expires_at <= ${nowIso}::timestamptz)))::int as expired,
      (count(*) filter (where step = 'cancelled'))::int as cancelled
    from f`,
  );
  const n = (k: string) => Number(row?.[k] ?? 0);
  const out: Record<string, number> = { started: n('started') };
  spec.middle.forEach((s, i) => (out[s] = n(`s${i + 1}`)));
  for (const k of ['completed', 'locked', 'expired', 'cancelled']) out[k] = n(k);
  if (kind === 'password') out.waiting = n('waiting');
  return out;
}

/** The passkey kind's funnel for flows started in [from, to). */
export async function recoveryFunnel(db: Db, from: Date, to: Date, now = new Date()): Promise<Funnel> {
  return (await kindFunnel(db, 'passkey', from, to, now)) as Funnel;
}

/** The password kind's funnel for flows started in [from, to). */
export async function passwordFunnel(db: Db, from: Date, to: Date, now = new Date()): Promise<PasswordFunnel> {
  return (await kindFunnel(db, 'password', from, to, now)) as PasswordFunnel;
}
