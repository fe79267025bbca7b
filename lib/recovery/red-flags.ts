import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { appendAudit, RECENT_LOCK, SPRAY_ALERT } from '../audit';
import { securityPolicy } from '../config/security';
import { escapeForLog, logger } from '../log';
import { checkLimit, hit, windowStartOf } from '../rate-limit';

/*
 * RT-30 red flags (README "Red flags").
 *   (a) A recovery soon after the account's recovery lock ended: the emailed code is held.
 *   (b) Many login IDs failing step 1 from one IP: one alert per IP and hour.
 */

export const SPRAY_ALERT_ACTION = SPRAY_ALERT;
export const RECENT_LOCK_ACTION = RECENT_LOCK;

/**
 * (a) When the account's recovery lock ended less than `RECOVERY_RED_FLAG_WINDOW_SECONDS` ago, the time
 * until which this flow's first emailed code is held (now + `RECOVERY_RED_FLAG_OTP_DELAY_SECONDS`);
 * otherwise null. Every way a lock ends writes its end into `recovery_locked_until`: the 24 h running
 * out, a staff unlock (`unlockRecovery`), and the phone-verified forced reset, which is also the only
 * way a not-me lock is cleared.
 */
export function redFlagHold(
  customer: { recoveryLockedUntil: Date | null },
  now: Date,
): { lockEndedAt: Date; until: Date } | null {
  const p = securityPolicy();
  const ended = customer.recoveryLockedUntil;
  if (!ended || ended.getTime() > now.getTime() || now.getTime() - ended.getTime() >= p.redFlagWindowMs) return null;
  return { lockEndedAt: ended, until: new Date(now.getTime() + p.redFlagOtpDelayMs) };
}

/**
 * (b) Called for every failed step 1 (unknown ID or wrong password — the same statements for both).
 * One fixed-window bucket per (IP, login ID) says whether this ID is new for the IP this hour; a second
 * bucket counts the distinct IDs. The alert is written when that count reaches the threshold exactly,
 * which one atomic increment makes true for one request only: one alert per IP per window, however many
 * app instances and concurrent requests there are.
 */
export async function noteCredentialFailure(
  db: Db,
  ctx: { ip: string; userAgent?: string | null },
  loginId: string,
  now: Date,
): Promise<boolean> {
  const policy = securityPolicy().rateLimits.recoverySprayAlertPerIp;
  const threshold = policy.limit;
  const seen = await hit(db, `recovery:spray:ip:${ctx.ip}:login:${loginId}`, 1, policy.windowMs, now);
  if (seen.count !== 1) return false;
  const distinct = await checkLimit(db, policy, `recovery:spray:ip:${ctx.ip}`, now);
  if (distinct.count !== threshold) return false;
  const windowStart = windowStartOf(now, policy.windowMs);
  const rows = await queryRows<{ key: string }>(
    db,
    sql`
    select key from rate_limit_buckets
    where window_start = ${windowStart.toISOString()}::timestamptz and starts_with(key, ${`recovery:spray:ip:${ctx.ip}:login:`})
    order by key limit ${threshold}`,
  );
  const prefix = `recovery:spray:ip:${ctx.ip}:login:`.length;
  const loginIds = rows.map((r) => escapeForLog(r.key.slice(prefix), 64));
  await appendAudit(db, {
    at: now,
    actor: { type: 'system' },
    action: SPRAY_ALERT_ACTION,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: {
      distinctLoginIds: distinct.count,
      windowStart: windowStart.toISOString(),
      windowSeconds: policy.windowMs / 1000,
      loginIds,
    },
  });
  logger.warn(
    { alert: SPRAY_ALERT_ACTION, ip: ctx.ip, distinctLoginIds: distinct.count },
    'many login IDs failing from one IP',
  );
  return true;
}
