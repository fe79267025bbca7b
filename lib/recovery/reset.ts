import { randomInt } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { customers, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit, type AuditActor } from '../audit';
import { enqueueEmail } from '../notify';
import { clearLoginThrottle } from '../auth/login-throttle';
import { endSessionsOf } from '../auth/sessions';
import { recoveryCompletedEmail } from '../notify/templates';
import type { Locale } from '../i18n/types';

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 受付番号, e.g. R-20261125-7KQ4M2 (the date in JST, six characters from a CSPRNG). */
export function newReferenceNumber(now = new Date()): string {
  const jst = new Date(now.getTime() + 9 * 3600_000);
  const ymd = `${jst.getUTCFullYear()}${String(jst.getUTCMonth() + 1).padStart(2, '0')}${String(jst.getUTCDate()).padStart(2, '0')}`;
  let tail = '';
  for (let i = 0; i < 6; i++) tail += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
  return `R-${ymd}-${tail}`;
}

export { prepareLockCode } from './lock-code';

export type LoginResetParams = {
  customerId: string;
  /** Who revoked: `recovery:<flowId>` or `staff-reset:<requestId>`. */
  revokedBy: string;
  reason: 'customer_recovery' | 'staff_forced_reset';
  referenceNumber: string;
  actor: AuditActor;
  flowId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  auditDetails?: Record<string, unknown>;
  /** The caller's clock (tests inject it): the revocation time, the audit row and the email. */
  now: Date;
  /** Generated and hashed by the caller before the transaction (hashing is slow). */
  lockCode: string;
  lockCodeHash: string;
  /** The language of the notification: the flow's (docs/copy-style.md); Japanese for a staff reset. */
  lang?: Locale;
  /** Forgotten password: the new password's argon2id hash replaces the current one. */
  newPasswordHash?: string;
};

/**
 * The heart of the product, shared by the customer's recovery and the staff's forced reset.
 * Must run inside the caller's transaction: revokes every active passkey (soft), turns ID/password
 * login back on (lifting a suspension by the login throttle), ends every session, audits and queues
 * the notification — all or nothing.
 */
export async function revokePasskeysAndEnablePassword(
  tx: Db,
  p: LoginResetParams,
): Promise<{ revokedPasskeys: number }> {
  const { now } = p;
  const revoked = await tx
    .update(passkeys)
    .set({ revokedAt: now, revokedReason: p.reason, revokedBy: p.revokedBy })
    .where(and(eq(passkeys.customerId, p.customerId), isNull(passkeys.revokedAt)))
    .returning({ credentialId: passkeys.credentialId });
  const [customer] = await tx
    .update(customers)
    .set({
      passwordLoginEnabled: true,
      ...(p.newPasswordHash ? { passwordHash: p.newPasswordHash } : {}),
      // Sessions are JWTs: everything issued before this instant is refused from now on.
      sessionsValidAfter: sql`now()`,
      lockCodeHash: p.lockCodeHash,
      updatedAt: now,
    })
    .where(eq(customers.id, p.customerId))
    .returning({ email: customers.email, name: customers.nameKanji, loginId: customers.loginId });
  if (!customer) throw new Error('customer vanished during completion');
  // Every server-side session row ends too (lib/auth/sessions.ts), not only the JWTs issued before now.
  await endSessionsOf(tx, 'customer', p.customerId, now);
  // A password login suspended by wrong guesses (lib/auth/login-throttle.ts) ends with the reset.
  await clearLoginThrottle(tx, 'customer', customer.loginId);
  await appendAudit(tx, {
    at: now,
    actor: p.actor,
    customerId: p.customerId,
    flowId: p.flowId ?? null,
    ip: p.ip,
    userAgent: p.userAgent,
    action: p.reason === 'customer_recovery' ? 'recovery.completed' : 'staff.forced_reset.executed',
    details: {
      referenceNumber: p.referenceNumber,
      revokedPasskeys: revoked.length,
      credentialIds: revoked.map((r) => r.credentialId),
      ...(p.newPasswordHash ? { passwordChanged: true } : {}),
      ...p.auditDetails,
    },
  });
  const mail = recoveryCompletedEmail({
    name: customer.name,
    at: now,
    referenceNumber: p.referenceNumber,
    revokedPasskeys: revoked.length,
    lockCode: p.lockCode,
    viaStaff: p.reason === 'staff_forced_reset',
    lang: p.lang,
    passwordChanged: !!p.newPasswordHash,
  });
  await enqueueEmail(tx, { customerId: p.customerId, to: customer.email, ...mail });
  return { revokedPasskeys: revoked.length };
}
