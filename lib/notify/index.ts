import { randomInt } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notificationOutbox } from '../../db/schema';
import type { Db } from '../../db/client';
import { env } from '../config/env';

export type OutboxMessage = {
  customerId: string | null;
  to: string;
  template: string;
  subject: string;
  body: string;
  /** Not handed to the relay before this time (a held recovery code, RT-30); default now. */
  notBefore?: Date;
};

/** Written in the transaction of the change it reports; the relay delivers it later. */
export async function enqueueEmail(db: Db, msg: OutboxMessage): Promise<void> {
  await db.insert(notificationOutbox).values({
    customerId: msg.customerId,
    toAddress: msg.to,
    template: msg.template,
    subject: msg.subject,
    bodyText: msg.body,
    // The relay compares with its own (JavaScript, millisecond) clock: the database's now() carries
    // microseconds and is taken at transaction start, so a row written and relayed within the same
    // millisecond could look due a moment later than it is.
    nextAttemptAt: msg.notBefore ?? new Date(),
  });
}

const LOCK_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 8 characters, no look-alikes (0/O, 1/I), from a CSPRNG. */
export function newLockCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += LOCK_ALPHABET[randomInt(LOCK_ALPHABET.length)];
  return s;
}

export function normalizeLockCode(input: string): string {
  return input.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
}

/** Masks an address for display: taro@example.jp → t***@example.jp */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  if (!domain) return '***';
  return `${local.slice(0, 1)}***@${domain}`;
}

export function brand(): string {
  return env().BRAND_NAME;
}

/**
 * The demo mailbox's `?to=` filter, shared by its page and its JSON API: trimmed and lower-cased, at
 * most 254 characters, no control characters or spaces (a NUL byte would reach SQL otherwise).
 * Empty means every address.
 */
export const mailboxQuerySchema = z.object({
  to: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .regex(/^[^\p{C}\s]*$/u)
    .optional(),
});

/** Demo mailbox: newest first. Only served when DEMO_MODE=1. */
export async function listMailbox(db: Db, to?: string, limit = 50) {
  const rows = await db
    .select()
    .from(notificationOutbox)
    // What has reached the inbox: a held row (notBefore in the future, never tried) is not there yet.
    .where(
      and(
        to ? eq(notificationOutbox.toAddress, to) : undefined,
        sql`(${notificationOutbox.attempts} > 0 or ${notificationOutbox.nextAttemptAt} <= now())`,
      ),
    )
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit);
  return rows.map((r) => ({
    to: r.toAddress,
    subject: r.subject,
    body: r.bodyText,
    createdAt: r.createdAt.toISOString(),
    template: r.template,
  }));
}
