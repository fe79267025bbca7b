import { and, eq, isNull, sql } from 'drizzle-orm';
import { customers, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { appendAudit, type AuditAction } from '../audit';
import { checkLimit } from '../rate-limit';
import { enqueueEmail } from '../notify';
import { passwordLoginSuspendedEmail } from '../notify/templates';
import { noticeLockCode } from '../recovery/lock-code';
import { claimLoginAttempt, recordLoginFailure, recordLoginSuccess } from './login-throttle';
import { verifyPassword } from './password';

export type PasswordLoginResult =
  | { ok: true; customerId: string }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'passkey_required' }
  | { ok: false; code: 'account_locked' }
  | { ok: false; code: 'login_suspended' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

export async function countActivePasskeys(db: Db, customerId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passkeys)
    .where(and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)));
  return Number(row?.n ?? 0);
}

/**
 * The customer login policy (docs/design.md#login), the same for the web form and the app's JSON API.
 * The per-IP limit, then the per-login-ID throttle (lib/auth/login-throttle.ts), both before any
 * hash: a refused attempt costs no argon2 and says nothing about the password. Then one argon2 verify
 * on every path (a dummy hash for unknown IDs); only a right password learns about passkeys or locks.
 */
export async function passwordLogin(
  db: Db,
  input: { loginId: string; password: string },
  ctx: { ip: string; userAgent?: string | null; channel: 'web' | 'app'; now?: Date },
): Promise<PasswordLoginResult> {
  const now = ctx.now ?? new Date();
  /** An event of this attempt: the customer the ID names (if any), this request's clock, client and channel. */
  const audit = (tx: Db, customerId: string | null, action: AuditAction, details: Record<string, unknown> = {}) =>
    appendAudit(tx, {
      at: now,
      actor: { type: 'customer', id: customerId },
      customerId,
      action,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { channel: ctx.channel, ...details },
    });
  const limit = await checkLimit(db, securityPolicy().rateLimits.loginsPerIp, `login:ip:${ctx.ip}`, now);
  if (!limit.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const claim = await claimLoginAttempt(db, 'customer', input.loginId, now);
  if (!claim.allowed) {
    return claim.reason === 'suspended'
      ? { ok: false, code: 'login_suspended' }
      : { ok: false, code: 'rate_limited', retryAfterSeconds: claim.retryAfterSeconds };
  }

  const [customer] = await db.select().from(customers).where(eq(customers.loginId, input.loginId)).limit(1);
  const valid = await verifyPassword(customer?.passwordHash, input.password);
  if (!customer || !valid) {
    await audit(db, customer?.id ?? null, 'login.password.failed', { loginId: input.loginId });
    await recordLoginFailure(db, claim, {
      now,
      onSuspend: async (tx) => {
        await audit(tx, customer?.id ?? null, 'login.password.suspended', { failures: claim.failures });
        if (!customer) return;
        // The account's one lock code, the same as in its other notices.
        const mail = passwordLoginSuspendedEmail({
          name: customer.nameKanji,
          at: now,
          failures: claim.failures,
          lockCode: await noticeLockCode(tx, customer.id),
        });
        await enqueueEmail(tx, { customerId: customer.id, to: customer.email, ...mail });
      },
    });
    return { ok: false, code: 'invalid_credentials' };
  }
  await recordLoginSuccess(db, claim);
  if (customer.loginLockedAt) {
    await audit(db, customer.id, 'login.password.refused_locked');
    return { ok: false, code: 'account_locked' };
  }
  // `exclusive` (the real system's behaviour): a passkey turns ID/password login off on every channel.
  // `fallback` keeps the password working whatever the flag says.
  const exclusive = env().PASSKEY_POLICY === 'exclusive';
  if (exclusive && (!customer.passwordLoginEnabled || (await countActivePasskeys(db, customer.id)) > 0)) {
    await audit(db, customer.id, 'login.password.refused_passkey');
    return { ok: false, code: 'passkey_required' };
  }
  await audit(db, customer.id, 'login.password.succeeded');
  return { ok: true, customerId: customer.id };
}

/** Sessions are JWTs: one issued before `sessions_valid_after` (set by recovery) is dead. */
export async function isCustomerSessionValid(db: Db, customerId: string, issuedAtMs: number): Promise<boolean> {
  const [c] = await db
    .select({ validAfter: customers.sessionsValidAfter, lockedAt: customers.loginLockedAt })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  if (!c || c.lockedAt) return false;
  return issuedAtMs >= c.validAfter.getTime();
}

/** What the security page shows about the signed-in customer. */
export async function customerSecuritySummary(db: Db, customerId: string) {
  const [c] = await db
    .select({ loginId: customers.loginId, passwordLoginEnabled: customers.passwordLoginEnabled })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  if (!c) return null;
  const active = await countActivePasskeys(db, customerId);
  const exclusive = env().PASSKEY_POLICY === 'exclusive';
  return {
    loginId: c.loginId,
    activePasskeys: active,
    passwordLoginWorks: !exclusive || (c.passwordLoginEnabled && active === 0),
    exclusive,
  };
}
