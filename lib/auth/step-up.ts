import { eq } from 'drizzle-orm';
import { customers } from '../../db/schema';
import type { Db } from '../../db/client';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { appendAudit } from '../audit';
import { checkLimit } from '../rate-limit';
import { enqueueEmail } from '../notify';
import { passwordLoginSuspendedEmail } from '../notify/templates';
import { noticeLockCode } from '../recovery/lock-code';
import { PasskeyError, startStepUpAuthentication, verifyStepUpAssertion, type CustomerGuard } from '../passkeys';
import { countActivePasskeys } from './customer-login';
import { claimLoginAttempt, recordLoginFailure, recordLoginSuccess } from './login-throttle';
import { verifyPassword } from './password';
import { recordStepUp, sessionState } from './sessions';

/**
 * Re-authentication inside a signed-in customer session (docs/design.md#step-up):
 * before a passkey is added, renamed or removed, the customer proves again who they are — with the
 * password where password login works for them, else with one of their passkeys (user verified).
 * Success stamps `step_up_at` on this session's row only; another session of the same customer, or a
 * later one, gets nothing from it.
 */
type Ctx = { ip: string; userAgent?: string | null };

export type StepUpResult =
  | { ok: true }
  | { ok: false; code: 'invalid_password' | 'passkey_failed' | 'not_available' | 'unauthorized' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

/** Which ways of stepping up this customer has: the password only where password login works. */
export async function stepUpMethods(db: Db, customerId: string): Promise<{ password: boolean; passkey: boolean }> {
  const [c] = await db
    .select({ enabled: customers.passwordLoginEnabled })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  const active = await countActivePasskeys(db, customerId);
  const exclusive = env().PASSKEY_POLICY === 'exclusive';
  return { password: !!c && (!exclusive || (c.enabled && active === 0)), passkey: active > 0 };
}

async function sessionIsLive(db: Db, guard: CustomerGuard): Promise<boolean> {
  const s = await sessionState(db, guard.sid);
  return !!s && s.active && s.kind === 'customer' && s.subjectId === guard.customerId;
}

/**
 * The password, counted like a login attempt: the per-IP login limit and the per-login-ID throttle
 * (a stolen session is no free password-guessing oracle), both before the hash; failures audited.
 */
export async function stepUpWithPassword(
  db: Db,
  guard: CustomerGuard,
  password: string,
  ctx: Ctx,
  now: Date = new Date(),
): Promise<StepUpResult> {
  if (!(await sessionIsLive(db, guard))) return { ok: false, code: 'unauthorized' };
  const [customer] = await db.select().from(customers).where(eq(customers.id, guard.customerId)).limit(1);
  if (!customer || !(await stepUpMethods(db, guard.customerId)).password) return { ok: false, code: 'not_available' };
  const limit = await checkLimit(db, securityPolicy().rateLimits.loginsPerIp, `login:ip:${ctx.ip}`, now);
  if (!limit.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
  const claim = await claimLoginAttempt(db, 'customer', customer.loginId, now);
  if (!claim.allowed)
    return claim.reason === 'suspended'
      ? { ok: false, code: 'not_available' }
      : { ok: false, code: 'rate_limited', retryAfterSeconds: claim.retryAfterSeconds };
  if (!(await verifyPassword(customer.passwordHash, password))) {
    await appendAudit(db, {
      at: now,
      actor: { type: 'customer', id: customer.id },
      customerId: customer.id,
      action: 'stepup.password.failed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await recordLoginFailure(db, claim, {
      now,
      onSuspend: async (tx) => {
        await appendAudit(tx, {
          at: now,
          actor: { type: 'customer', id: customer.id },
          customerId: customer.id,
          action: 'login.password.suspended',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: { channel: 'step_up', failures: claim.failures },
        });
        const mail = passwordLoginSuspendedEmail({
          name: customer.nameKanji,
          at: now,
          failures: claim.failures,
          lockCode: await noticeLockCode(tx, customer.id),
        });
        await enqueueEmail(tx, { customerId: customer.id, to: customer.email, ...mail });
      },
    });
    return { ok: false, code: 'invalid_password' };
  }
  await recordLoginSuccess(db, claim);
  await recordStepUp(db, guard.sid, now);
  await appendAudit(db, {
    at: now,
    actor: { type: 'customer', id: customer.id },
    customerId: customer.id,
    action: 'stepup.succeeded',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { method: 'password' },
  });
  return { ok: true };
}

/** A challenge for one of the customer's own passkeys. */
export async function startStepUpWithPasskey(db: Db, guard: CustomerGuard) {
  if (!(await sessionIsLive(db, guard))) return { ok: false as const, code: 'unauthorized' as const };
  try {
    return { ok: true as const, ...(await startStepUpAuthentication(db, guard.customerId)) };
  } catch (e) {
    if (e instanceof PasskeyError) return { ok: false as const, code: 'not_available' as const };
    throw e;
  }
}

export async function stepUpWithPasskey(
  db: Db,
  guard: CustomerGuard,
  input: { challengeId: string; response: unknown },
  ctx: Ctx,
  now: Date = new Date(),
): Promise<StepUpResult> {
  if (!(await sessionIsLive(db, guard))) return { ok: false, code: 'unauthorized' };
  try {
    await verifyStepUpAssertion(db, guard.customerId, input, { ...ctx, now });
  } catch (e) {
    if (e instanceof PasskeyError) return { ok: false, code: 'passkey_failed' };
    throw e;
  }
  await recordStepUp(db, guard.sid, now);
  await appendAudit(db, {
    at: now,
    actor: { type: 'customer', id: guard.customerId },
    customerId: guard.customerId,
    action: 'stepup.succeeded',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { method: 'passkey' },
  });
  return { ok: true };
}
