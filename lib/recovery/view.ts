import { eq } from 'drizzle-orm';
import { customers, type RecoveryFlow } from '../../db/schema';
import type { Db } from '../../db/client';
import { env, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import type { Locale } from '../i18n/types';
import { maskEmail } from '../notify';
import { authenticatorName } from '../passkeys/authenticators';
import { listPasskeys } from '../passkeys';
import { effectiveStep } from './flow';
import { accountLockState, loadFlow as findFlowByToken } from './flow-store';
import { supportContact } from './support';
import { webauthnUserId } from './tokens';
import type { CompletionResult, OtpStatus, RecoveryView } from './types';

/**
 * What the current screen shows for a flow token (the web page, GET /api/v1/recovery/flow). Read only:
 * a flow past its lifetime reads as `expired` without being written (GET never changes state).
 * An unknown or missing token reads as `intro` (null for the API, which answers 410).
 */
export async function describeFlow(
  db: Db,
  token: string | null | undefined,
  opts: { locale: Locale; now?: Date },
): Promise<RecoveryView | null> {
  if (!token) return null;
  const flow = await findFlowByToken(db, token);
  if (!flow) return null;
  return describeLoadedFlow(db, flow, opts);
}

export async function describeLoadedFlow(
  db: Db,
  flow: RecoveryFlow,
  opts: { locale: Locale; now?: Date },
): Promise<RecoveryView> {
  const now = opts.now ?? new Date();
  const p = securityPolicy();
  const step = effectiveStep(flow, now);
  const { kind } = flow;
  const live = {
    kind,
    expiresAt: flow.expiresAt.toISOString(),
    attemptsLeft: Math.max(0, p.flowMaxFailures - flow.failedAttempts),
  };
  switch (step) {
    case 'intro':
      return { step: 'intro', kind };
    case 'credentials':
    case 'credentials_pin':
    case 'account_data':
    case 'new_password':
      return { step, ...live };
    case 'expired':
    case 'cancelled':
      return { step, kind };
    case 'locked':
      return lockedView(db, flow, now);
    case 'done':
      return {
        step,
        kind,
        result: completionOf(flow),
        signal: flow.customerId ? { rpId: rpId(), userId: webauthnUserId(flow.customerId) } : null,
      };
    default:
      break;
  }
  const [customer] = flow.customerId
    ? await db
        .select({ question: customers.secretQuestion, email: customers.email })
        .from(customers)
        .where(eq(customers.id, flow.customerId))
        .limit(1)
    : [];
  if (!customer) return { step: 'expired', kind };
  if (step === 'secret_question') return { step, ...live, question: customer.question };
  if (step === 'otp') return { step, ...live, maskedEmail: maskEmail(customer.email), otp: otpStatus(flow, now) };
  if (step === 'waiting') {
    return {
      step,
      kind,
      referenceNumber: flow.referenceNumber ?? '',
      resumeAt: (flow.resumeAt ?? flow.expiresAt).toISOString(),
      maskedEmail: maskEmail(customer.email),
      expiresAt: flow.expiresAt.toISOString(),
    };
  }
  const keys = await listPasskeys(db, flow.customerId!);
  return {
    step: 'review',
    ...live,
    ...(kind === 'password' ? { passwordChange: true as const } : {}),
    passkeys: keys.map((k) => ({
      nickname: k.nickname,
      authenticator: authenticatorName(k.aaguid, opts.locale),
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Which stop a locked flow shows: the account's recovery lock (no new flow before it ends), a stop from
 * /recovery/not-me (phone only), or only this flow's failures (a new flow may start at once).
 */
async function lockedView(db: Db, flow: RecoveryFlow, now: Date): Promise<RecoveryView> {
  const base = {
    step: 'locked' as const,
    kind: flow.kind,
    supportPhone: env().SUPPORT_PHONE,
    support: supportContact(),
  };
  const account = flow.customerId ? await accountLockState(db, flow.customerId) : undefined;
  if (account?.loginLockedAt) return { ...base, lock: 'not_me' };
  if (account?.recoveryLockedUntil && account.recoveryLockedUntil.getTime() > now.getTime()) {
    return { ...base, lock: 'account', lockedUntil: account.recoveryLockedUntil.toISOString() };
  }
  return { ...base, lock: 'flow' };
}

function otpStatus(flow: RecoveryFlow, now: Date): OtpStatus {
  const p = securityPolicy();
  const live = !!flow.otpHash && !!flow.otpExpiresAt && flow.otpExpiresAt.getTime() > now.getTime();
  const sendsLeft = Math.max(0, p.otpMaxSends - flow.otpSends);
  const nextSend = new Date((flow.otpLastSentAt?.getTime() ?? 0) + p.otpResendIntervalMs);
  return {
    codeExpiresAt: live ? flow.otpExpiresAt!.toISOString() : null,
    triesLeft: live ? Math.max(0, p.otpMaxTries - flow.otpAttempts) : 0,
    sendsLeft,
    resendAvailableAt: sendsLeft > 0 ? (nextSend.getTime() > now.getTime() ? nextSend : now).toISOString() : null,
    // A held code (RT-30 red flag) is sent at otp_last_sent_at, which is then still ahead.
    ...(flow.otpLastSentAt && flow.otpLastSentAt.getTime() > now.getTime()
      ? { deliversAt: flow.otpLastSentAt.toISOString() }
      : {}),
  };
}

function completionOf(flow: RecoveryFlow): CompletionResult {
  const r = (flow.result ?? {}) as Partial<CompletionResult>;
  return {
    referenceNumber: flow.referenceNumber ?? '',
    completedAt: (flow.completedAt ?? new Date(0)).toISOString(),
    revokedPasskeys: Number(r.revokedPasskeys ?? 0),
    passwordLoginEnabled: true,
    ...(flow.kind === 'password' ? { passwordChanged: true as const } : {}),
  };
}
