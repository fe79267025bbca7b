import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { errorFields, logger } from '../log';

export type MailTransport = { send: (msg: { to: string; subject: string; text: string }) => Promise<void> };

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/** SMTP timeouts (nodemailer): a slow or silent mail server fails a send instead of hanging it. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };
/** The longest one send can take with those timeouts; a leased row is not started with less time left. */
const SEND_BUDGET_MS = SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + SMTP_TIMEOUTS.socketTimeout;

/** This process's name on the rows it leases (for operators reading the table). */
const RELAY_ID = `relay-${randomUUID().slice(0, 8)}`;

type Leased = { id: string; to_address: string; subject: string; body_text: string; attempts: number };

/**
 * Delivers one batch of due outbox rows in three steps, none of which holds a transaction while
 * the mail server is talked to (docs/operations.md#email):
 *
 * 1. lease: one UPDATE (its own short transaction) sets `lease_until`/`leased_by` on up to `batch`
 *    due rows nobody holds (FOR UPDATE SKIP LOCKED, so concurrent relays take different rows);
 * 2. send each row over SMTP, outside any transaction, with connect/greeting/socket timeouts — and
 *    only while the lease has time left for a whole send, so no other relay can have taken it;
 * 3. record the outcome of each row in its own UPDATE: sent, or a failure with backoff.
 *
 * A relay that dies after leasing leaves its rows leased until `lease_until`; then another relay
 * sends them (at-least-once). Rows left unsent when the lease runs short are handed back at once.
 */
export async function relayOnce(
  db: Db,
  transport: MailTransport,
  opts: { batch?: number; now?: Date; leaseMs?: number; relayId?: string } = {},
): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? new Date();
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const relayId = opts.relayId ?? RELAY_ID;
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // The clock the relay's decisions use: `now` may be moved ahead by tests, the lease moves with it.
  const skew = now.getTime() - Date.now();
  const rows = await queryRows<Leased>(
    db,
    sql`
    update notification_outbox set lease_until = ${leaseUntil.toISOString()}::timestamptz, leased_by = ${relayId}
    where id in (
      select id from notification_outbox
      where sent_at is null and body_purged_at is null and next_attempt_at <= ${now.toISOString()}::timestamptz
        and (lease_until is null or lease_until < ${now.toISOString()}::timestamptz)
      order by created_at limit ${opts.batch ?? 20}
      for update skip locked)
    returning id, to_address, subject, body_text, attempts`,
  );
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (Date.now() + skew + Math.min(SEND_BUDGET_MS, leaseMs / 2) > leaseUntil.getTime()) {
      // Not enough lease left for another send: hand the rest back rather than risk a double send.
      await db.execute(sql`update notification_outbox set lease_until = null, leased_by = null
        where id in (select unnest(${`{${rows
          .slice(i)
          .map((r) => r.id)
          .join(',')}}`}::text::uuid[])) and leased_by = ${relayId} and sent_at is null`);
      break;
    }
    try {
      await transport.send({ to: row.to_address, subject: row.subject, text: row.body_text });
    } catch (err) {
      const attempts = Number(row.attempts) + 1;
      const message = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
      const retryAt = new Date(Date.now() + skew + backoffMs(attempts));
      await db.execute(sql`update notification_outbox set attempts = ${attempts}, last_error = ${message},
        next_attempt_at = ${retryAt.toISOString()}::timestamptz, lease_until = null, leased_by = null
        where id = ${row.id} and sent_at is null`);
      logger.warn({ outboxId: row.id, attempts, err: errorFields(err) }, 'outbox delivery failed; will retry');
      failed++;
      continue;
    }
    await db.execute(sql`update notification_outbox set sent_at = ${new Date(Date.now() + skew).toISOString()}::timestamptz,
      attempts = attempts + 1, last_error = null, lease_until = null, leased_by = null
      where id = ${row.id} and sent_at is null`);
    sent++;
  }
  return { sent, failed };
}

export async function pendingCount(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notification_outbox where sent_at is null and body_purged_at is null`,
  );
  return Number(row?.n ?? 0);
}

/**
 * SMTP through nodemailer, e.g. SMTP_URL=smtp://user:pass@mail.example.jp:587, with timeouts on every
 * stage (passed as the URL's query, which nodemailer reads; one already in SMTP_URL wins).
 */
export async function smtpTransport(
  url: string,
  from: string,
  timeouts: Partial<typeof SMTP_TIMEOUTS> = {},
): Promise<MailTransport> {
  const nodemailer = await import('nodemailer');
  const u = new URL(url);
  for (const [k, v] of Object.entries({ ...SMTP_TIMEOUTS, ...timeouts }))
    if (!u.searchParams.has(k)) u.searchParams.set(k, String(v));
  const t = nodemailer.createTransport(u.toString());
  return {
    send: async (msg) => {
      await t.sendMail({ from, to: msg.to, subject: msg.subject, text: msg.text });
    },
  };
}

/** Polls until stopped; used by instrumentation.ts when SMTP_URL is set, or `npm run relay`. */
export function startRelayLoop(getDb: () => Promise<Db>, transport: MailTransport, intervalMs = 2000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    try {
      const db = await getDb();
      let r;
      do {
        r = await relayOnce(db, transport);
      } while (!stopped && r.sent + r.failed >= 20);
    } catch (err) {
      logger.error({ err: errorFields(err) }, 'outbox relay error');
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
