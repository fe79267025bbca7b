import { and, asc, gt, isNotNull, sql } from 'drizzle-orm';
import { customers } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { ok, type StaffResult } from './guard';
import { staffOperation } from './operation';
import { listPendingResets, type PendingResetView } from './forced-reset';
import { SPRAY_ALERT } from '../audit';
import { passwordFunnel, recoveryFunnel, type Funnel, type PasswordFunnel } from './funnel';

export {
  FUNNEL_STAGES,
  FUNNEL_OUTCOMES,
  PASSWORD_FUNNEL_STAGES,
  PASSWORD_FUNNEL_OUTCOMES,
  STEP_PASSED_ACTIONS,
  recoveryFunnel,
  passwordFunnel,
  type Funnel,
  type FunnelStage,
  type PasswordFunnel,
  type PasswordFunnelStage,
} from './funnel';

const JST_MS = 9 * 3600_000;

/** Midnight in Japan of the day `now` falls on, `daysBack` days earlier. */
export function jstMidnight(now: Date, daysBack = 0): Date {
  const local = new Date(now.getTime() + JST_MS);
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysBack);
  return new Date(midnightLocal - JST_MS);
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
  /** The passkey kind's funnel. */
  today: Funnel;
  week: Funnel;
  /** The forgotten-password kind's, counted apart (its steps differ). */
  password: { today: PasswordFunnel; week: PasswordFunnel };
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
      password: {
        today: await passwordFunnel(db, todayFrom, end, now),
        week: await passwordFunnel(db, weekFrom, end, now),
      },
      todayFrom,
      weekFrom,
      zeroResults: await topZeroResultSearches(db, weekFrom),
      cases: await openCases(db, now),
    });
  },
});
