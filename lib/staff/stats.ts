import { and, asc, gt, isNotNull, sql } from 'drizzle-orm';
import { customers } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { ok, type StaffResult } from './guard';
import { staffOperation } from './operation';
import { listPendingResets, type PendingResetView } from './forced-reset';
import { SPRAY_ALERT, STEP_PASSED_POSITIONS } from '../audit';

/**
 * The recovery funnel. Read primarily from recovery_flows (the step a flow is at says which steps it
 * passed; password_verified_at and otp_verified_at survive a later lock or expiry), completed by the
 * per-step audit events for flows that ended early, so a flow locked at the OTP step still counts
 * as having passed the secret question.
 */
export const FUNNEL_STAGES = ['started', 'credentials', 'secret_question', 'account_data', 'otp', 'completed'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type Funnel = Record<FunnelStage | 'locked' | 'expired' | 'cancelled', number>;

/** The audit action lib/recovery writes when a flow passes a verification step, with the funnel position (lib/audit/actions). */
export const STEP_PASSED_ACTIONS: Readonly<Record<string, number>> = Object.fromEntries(STEP_PASSED_POSITIONS);

const JST_MS = 9 * 3600_000;

/** Midnight in Japan of the day `now` falls on, `daysBack` days earlier. */
export function jstMidnight(now: Date, daysBack = 0): Date {
  const local = new Date(now.getTime() + JST_MS);
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysBack);
  return new Date(midnightLocal - JST_MS);
}

export async function recoveryFunnel(db: Db, from: Date, to: Date, now = new Date()): Promise<Funnel> {
  const actions = sql.join(
    Object.keys(STEP_PASSED_ACTIONS).map((a) => sql`${a}`),
    sql`, `,
  );
  const position = sql.join(
    Object.entries(STEP_PASSED_ACTIONS).map(([a, n]) => sql`when ${a} then ${n}::int`),
    sql` `,
  );
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
        greatest(
          case rf.step::text when 'secret_question' then 1 when 'account_data' then 2 when 'otp' then 3
            when 'review' then 4 when 'done' then 4 else 0 end,
          case when rf.password_verified_at is not null then 1 else 0 end,
          case when rf.otp_verified_at is not null then 4 else 0 end,
          coalesce(p.reached, 0)
        ) as reached
      from recovery_flows rf
      left join passed p on p.flow_id = rf.id
      where rf.channel::text in ('web', 'app')
        and rf.created_at >= ${from.toISOString()}::timestamptz and rf.created_at < ${to.toISOString()}::timestamptz
    )
    select
      count(*)::int as started,
      (count(*) filter (where reached >= 1))::int as credentials,
      (count(*) filter (where reached >= 2))::int as secret_question,
      (count(*) filter (where reached >= 3))::int as account_data,
      (count(*) filter (where reached >= 4))::int as otp,
      (count(*) filter (where step = 'done' or completed_at is not null))::int as completed,
      (count(*) filter (where step = 'locked'))::int as locked,
      (count(*) filter (where step = 'expired' or (step not in ('done', 'locked', 'cancelled', 'expired') and expires_at <= ${now.toISOString()}::timestamptz)))::int as expired,
      (count(*) filter (where step = 'cancelled'))::int as cancelled
    from f`,
  );
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    started: n('started'),
    credentials: n('credentials'),
    secret_question: n('secret_question'),
    account_data: n('account_data'),
    otp: n('otp'),
    completed: n('completed'),
    locked: n('locked'),
    expired: n('expired'),
    cancelled: n('cancelled'),
  };
}

/** `count`: distinct clients who searched it (a row without a client key counts as one). */
export type ZeroResultSearch = { query: string; lang: string; count: number; lastAt: Date };

/**
 * Zero-result queries ranked by how many distinct clients searched them, not by rows: one script
 * repeating a text counts once (docs/design.md#bounded-growth).
 */
export async function topZeroResultSearches(db: Db, since: Date, limit = 10): Promise<ZeroResultSearch[]> {
  const rows = await queryRows<{ query: string; lang: string; n: number | string; last_at: string | Date }>(
    db,
    sql`
    select query, lang, count(distinct coalesce(client_key, 'row:' || id::text))::int as n, max(at) as last_at
    from help_search_log
    where result_count = 0 and at >= ${since.toISOString()}::timestamptz
    group by query, lang
    order by n desc, last_at desc
    limit ${limit}`,
  );
  return rows.map((r) => ({
    query: r.query,
    lang: r.lang,
    count: Number(r.n),
    lastAt: r.last_at instanceof Date ? r.last_at : new Date(r.last_at),
  }));
}

export type LockedCustomer = { id: string; loginId: string; nameKanji: string; since: Date | null; until: Date | null };

/** RT-30: an alert of the last 24 h: many login IDs failing recovery from one IP (lib/recovery/red-flags.ts). */
export type SecurityAlert = { id: number; at: Date; action: string; ip: string | null; distinctLoginIds: number };

export type OpenCases = {
  notMeLocked: LockedCustomer[];
  recoveryLocked: LockedCustomer[];
  pendingResets: PendingResetView[];
  securityAlerts: SecurityAlert[];
};

export async function recentSecurityAlerts(db: Db, now = new Date()): Promise<SecurityAlert[]> {
  const rows = await queryRows<{
    id: number | string;
    at: string | Date;
    action: string;
    ip: string | null;
    n: number | string | null;
  }>(
    db,
    sql`
    select id, at, action, ip, (details->>'distinctLoginIds')::int as n from audit_events
    where action = ${SPRAY_ALERT} and at > ${new Date(now.getTime() - 24 * 3600_000).toISOString()}::timestamptz
    order by at desc limit 50`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at instanceof Date ? r.at : new Date(r.at),
    action: r.action,
    ip: r.ip,
    distinctLoginIds: Number(r.n ?? 0),
  }));
}

export async function openCases(db: Db, now = new Date()): Promise<OpenCases> {
  const notMe = await db
    .select({
      id: customers.id,
      loginId: customers.loginId,
      nameKanji: customers.nameKanji,
      since: customers.loginLockedAt,
    })
    .from(customers)
    .where(isNotNull(customers.loginLockedAt))
    .orderBy(asc(customers.loginLockedAt))
    .limit(50);
  const recovery = await db
    .select({
      id: customers.id,
      loginId: customers.loginId,
      nameKanji: customers.nameKanji,
      until: customers.recoveryLockedUntil,
    })
    .from(customers)
    .where(and(isNotNull(customers.recoveryLockedUntil), gt(customers.recoveryLockedUntil, now)))
    .orderBy(asc(customers.recoveryLockedUntil))
    .limit(50);
  return {
    notMeLocked: notMe.map((c) => ({ ...c, until: null })),
    recoveryLocked: recovery.map((c) => ({ ...c, since: null })),
    pendingResets: await listPendingResets(db),
    securityAlerts: await recentSecurityAlerts(db, now),
  };
}

export type Dashboard = {
  today: Funnel;
  week: Funnel;
  todayFrom: Date;
  weekFrom: Date;
  zeroResults: ZeroResultSearch[];
  cases: OpenCases;
};

/** Everything /staff shows, for any signed-in staff member. */
export const dashboard = staffOperation({
  role: 'viewer',
  name: 'staff.dashboard.read',
  run: async (db, _staff, _input, { now }): Promise<StaffResult<Dashboard>> => {
    const todayFrom = jstMidnight(now);
    const weekFrom = jstMidnight(now, 6);
    const end = new Date(now.getTime() + 1);
    return ok({
      today: await recoveryFunnel(db, todayFrom, end, now),
      week: await recoveryFunnel(db, weekFrom, end, now),
      todayFrom,
      weekFrom,
      zeroResults: await topZeroResultSearches(db, weekFrom),
      cases: await openCases(db, now),
    });
  },
});
