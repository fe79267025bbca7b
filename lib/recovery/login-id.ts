import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { customers } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { verifySecret } from '../auth/password';
import { securityPolicy } from '../config/security';
import { loginIdReminderEmail } from '../notify/templates';
import { checkLimit } from '../rate-limit';
import { audit, clock, fail, type Ctx } from './context';
import { noticeLockCode } from './lock-code';
import type { RecoveryResult } from './types';

/*
 * 「ログインIDをお忘れの方」 (docs/design.md#forgotten-login-id): 生年月日, 部店コード, 口座番号 and the
 * registered email. One answer for every input — same status, body and timing — and, on a match, the
 * login ID by email (no link, the lock code). Both paths run the same statements in the same order:
 *   1. the per-IP limit (the only visible refusal: 429) and the per-account limit (keyed by the typed
 *      部店コード+口座番号, matched or not; over it nothing is sent, the answer stays the same);
 *   2. one SELECT by 部店コード+口座番号;
 *   3. one constant-time compare of digests of 生年月日+email;
 *   4. one argon2 verify (the lock code's, printed in the email; a dummy hash when nothing matched);
 *   5. one transaction: the audit row, and an INSERT … SELECT … WHERE <matched> into the outbox.
 */

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** What noticeLockCode costs when the account has a code (one SELECT, one argon2 verify), printing nothing. */
async function sameWorkAsLockCode(db: Db, customerId: string | undefined): Promise<string> {
  await db
    .select({ h: customers.lockCodeHash })
    .from(customers)
    .where(eq(customers.id, customerId ?? NIL_UUID))
    .limit(1);
  await verifySecret(null, 'login-id-reminder');
  return '';
}

function digest(birthDate: string, email: string): Buffer {
  return createHash('sha256')
    .update(`${birthDate}\u0000${email.normalize('NFKC').trim().toLowerCase()}`)
    .digest();
}

export async function requestLoginIdReminder(
  db: Db,
  input: { birthDate: string; branchCode: string; accountNumber: string; email: string },
  ctx: Ctx,
): Promise<RecoveryResult<{ accepted: true }>> {
  const now = clock(ctx);
  const { loginIdRemindersPerIp, loginIdRemindersPerAccount } = securityPolicy().rateLimits;
  const byIp = await checkLimit(db, loginIdRemindersPerIp, `recovery:login-id:ip:${ctx.ip}`, now);
  if (!byIp.allowed) {
    if (byIp.count === loginIdRemindersPerIp.limit + 1)
      await audit(db, ctx, 'recovery.rate_limited', { details: { bucket: 'recovery:login-id:ip', reason: 'ip' } });
    return fail({ code: 'rate_limited', retryAfter: byIp.retryAfterSeconds, reason: 'ip' });
  }
  const byAccount = await checkLimit(
    db,
    loginIdRemindersPerAccount,
    `recovery:login-id:account:${input.branchCode}-${input.accountNumber}`,
    now,
  );

  const [c] = await db
    .select({
      id: customers.id,
      loginId: customers.loginId,
      email: customers.email,
      birthDate: customers.birthDate,
      name: customers.nameKanji,
    })
    .from(customers)
    .where(and(eq(customers.branchCode, input.branchCode), eq(customers.accountNumber, input.accountNumber)))
    .limit(1);
  const given = digest(input.birthDate, input.email);
  const stored = c ? digest(c.birthDate, c.email) : createHash('sha256').update(given).update('no-account').digest();
  const matched = timingSafeEqual(given, stored) && !!c;
  const send = matched && byAccount.allowed;

  // The one argon2 of both paths: the lock code printed in the email is checked against its hash
  // (noticeLockCode); with no email to write, a dummy hash is verified instead.
  const lockCode = send ? await noticeLockCode(db, c.id) : await sameWorkAsLockCode(db, c?.id);
  const mail = send
    ? loginIdReminderEmail({ name: c.name, at: now, loginId: c.loginId, lockCode, lang: ctx.lang })
    : { template: 'login_id_reminder', subject: '', body: '' };
  await transactionWithRetry(db, async (tx) => {
    await audit(tx, ctx, send ? 'recovery.login_id_reminder.sent' : 'recovery.login_id_reminder.requested', {
      customerId: matched ? c.id : null,
      // Never the email, birth date or account number in the audit trail: only what happened.
      details: { matched, ...(matched && !byAccount.allowed ? { limited: 'account' } : {}) },
    });
    await tx.execute(sql`insert into notification_outbox (customer_id, to_address, template, subject, body_text, next_attempt_at)
      select ${send ? c.id : null}::uuid, ${send ? c.email : ''}, ${mail.template}, ${mail.subject}, ${mail.body}, ${now.toISOString()}::timestamptz
      where ${send}`);
  });
  return { ok: true, value: { accepted: true } };
}
