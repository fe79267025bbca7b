import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { notificationOutbox } from '../../db/schema';
import type { Db } from '../../db/client';
import { logger } from '../log';

export type MailTransport = { send: (msg: { to: string; subject: string; text: string }) => Promise<void> };

/** 30 s, 1 min, 2 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers one batch of pending outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED, so any
 * number of relays (in any number of processes) can run at once without sending a row twice at the
 * same time; a crash before commit leaves the row pending (at-least-once).
 */
export async function relayOnce(db: Db, transport: MailTransport, opts: { batch?: number; now?: Date } = {}): Promise<{ sent: number; failed: number }> {
  const now = opts.now ?? new Date();
  let sent = 0;
  let failed = 0;
  await db.transaction(async (tx) => {
    const rows = await tx.select().from(notificationOutbox)
      .where(and(isNull(notificationOutbox.sentAt), lte(notificationOutbox.nextAttemptAt, now)))
      .orderBy(asc(notificationOutbox.createdAt))
      .limit(opts.batch ?? 20)
      .for('update', { skipLocked: true });
    for (const row of rows) {
      try {
        await transport.send({ to: row.toAddress, subject: row.subject, text: row.bodyText });
        await tx.update(notificationOutbox).set({ sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(notificationOutbox.id, row.id));
        sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const message = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
        await tx.update(notificationOutbox)
          .set({ attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) })
          .where(eq(notificationOutbox.id, row.id));
        logger.warn({ outboxId: row.id, attempts }, 'outbox delivery failed; will retry');
        failed++;
      }
    }
  });
  return { sent, failed };
}

export async function pendingCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(notificationOutbox).where(isNull(notificationOutbox.sentAt));
  return Number(row?.n ?? 0);
}

/** SMTP through nodemailer, e.g. SMTP_URL=smtp://user:pass@mail.example.jp:587 */
export async function smtpTransport(url: string, from: string): Promise<MailTransport> {
  const nodemailer = await import('nodemailer');
  const t = nodemailer.createTransport(url);
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
      do { r = await relayOnce(db, transport); } while (!stopped && r.sent + r.failed >= 20);
    } catch (err) {
      logger.error({ err: err instanceof Error ? err.message : String(err) }, 'outbox relay error');
    }
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, 0);
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}
