import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  type AuthenticatorTransport,
} from '@simplewebauthn/server';
import { customers, passkeys, webauthnChallenges } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { appOrigin, env, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import { appendAudit, type AggregatedAction, type AuditActor } from '../audit';
import { recordRefusal } from '../audit/aggregate';
import { clientKey } from '../http/client-key';
import { checkLimit } from '../rate-limit';
import { assertFreshStepUp } from '../auth/sessions';
import { enqueueEmail } from '../notify';
import { passkeyChangedEmail } from '../notify/templates';
import { noticeLockCode } from '../recovery/lock-code';
import { authenticatorName } from './authenticators';

export class PasskeyError extends Error {
  constructor(
    public readonly code:
      | 'challenge_invalid'
      | 'verification_failed'
      | 'unknown_credential'
      | 'not_found'
      | 'account_locked'
      | 'rate_limited',
  ) {
    super(code);
  }
}

/** `now`: the clock (tests inject it); the audit rows and a revocation are stamped with it. */
type Ctx = { ip: string; userAgent?: string | null; now?: Date };

/**
 * Expired challenges are removed by the retention job (lib/jobs/retention), not here: a delete on
 * every call was a full scan an anonymous caller could trigger at will.
 */
async function storeChallenge(
  db: Db,
  challenge: string,
  purpose: 'register' | 'authenticate',
  customerId: string | null,
) {
  const now = Date.now();
  const [row] = await db
    .insert(webauthnChallenges)
    .values({
      challenge,
      purpose,
      customerId,
      expiresAt: new Date(now + securityPolicy().webauthnChallengeTtlMs),
    })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/**
 * Single use: the row is deleted before the response is verified. A challenge answers only the
 * ceremony it was issued for: a login's (no customer) never serves a step-up, a customer's never
 * serves another customer or an anonymous login.
 */
async function consumeChallenge(db: Db, id: string, purpose: 'register' | 'authenticate', customerId: string | null) {
  const [row] = await db
    .delete(webauthnChallenges)
    // A staff ceremony's challenge (staff_id set) is never a customer's (lib/staff/passkeys.ts keeps its own).
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        isNull(webauthnChallenges.staffId),
        gt(webauthnChallenges.expiresAt, new Date()),
      ),
    )
    .returning();
  if (!row || row.customerId !== customerId || row.staffId !== null) throw new PasskeyError('challenge_invalid');
  return row.challenge;
}

/** The signed-in customer's session, for the step-up guard of every change (lib/auth/sessions.ts). */
export type CustomerGuard = { customerId: string; sid: string };

export async function listPasskeys(db: Db, customerId: string, opts: { includeRevoked?: boolean } = {}) {
  return db
    .select()
    .from(passkeys)
    .where(
      opts.includeRevoked
        ? eq(passkeys.customerId, customerId)
        : and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)),
    )
    .orderBy(passkeys.createdAt);
}

/** Options for a new passkey: only with a fresh step-up in this session; user verification required. */
export async function startRegistration(db: Db, guard: CustomerGuard) {
  const { customerId } = guard;
  await assertFreshStepUp(db, guard);
  const [customer] = await db.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  if (!customer) throw new PasskeyError('not_found');
  const existing = await listPasskeys(db, customerId);
  const options = await generateRegistrationOptions({
    rpName: env().RP_NAME ?? env().BRAND_NAME,
    rpID: rpId(),
    userName: customer.loginId,
    userDisplayName: customer.nameKanji,
    userID: new TextEncoder().encode(customer.id),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const challengeId = await storeChallenge(db, options.challenge, 'register', customerId);
  return { challengeId, options };
}

/**
 * Stores a new passkey. Guarded by a fresh step-up (checked again inside the transaction), the
 * authenticator must have verified the user (UV flag), and the customer is told by email with a
 * lock code in the same transaction (docs/design.md#step-up).
 */
export async function finishRegistration(
  db: Db,
  guard: CustomerGuard,
  input: { challengeId: string; response: unknown; nickname?: string },
  ctx: Ctx,
) {
  const { customerId } = guard;
  await assertFreshStepUp(db, guard);
  const expectedChallenge = await consumeChallenge(db, input.challengeId, 'register', customerId);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: appOrigin(),
      expectedRPID: rpId(),
      requireUserVerification: true,
    });
  } catch {
    verification = { verified: false } as const;
  }
  if (!verification.verified || !verification.registrationInfo) {
    await appendAudit(db, {
      at: ctx.now,
      actor: { type: 'customer', id: customerId },
      customerId,
      action: 'passkey.register_failed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    throw new PasskeyError('verification_failed');
  }
  const info = verification.registrationInfo;
  const count = (await listPasskeys(db, customerId)).length;
  const nickname = input.nickname?.trim() || `パスキー ${count + 1}`;
  await transactionWithRetry(db, async (tx) => {
    await assertFreshStepUp(tx, guard);
    await tx.insert(passkeys).values({
      credentialId: info.credential.id,
      customerId,
      publicKey: new Uint8Array(info.credential.publicKey),
      counter: info.credential.counter,
      transports: info.credential.transports ?? [],
      deviceType: info.credentialDeviceType,
      backedUp: info.credentialBackedUp,
      aaguid: info.aaguid,
      nickname: nickname.slice(0, 40),
    });
    // Under the exclusive policy a passkey switches ID/password login off (what the real system does).
    const exclusive = env().PASSKEY_POLICY === 'exclusive';
    const [before] = await tx
      .select({ passwordLoginEnabled: customers.passwordLoginEnabled })
      .from(customers)
      .where(eq(customers.id, customerId))
      .limit(1);
    const [customer] = await tx
      .update(customers)
      .set({ ...(exclusive ? { passwordLoginEnabled: false } : {}), updatedAt: new Date() })
      .where(eq(customers.id, customerId))
      .returning({ email: customers.email, name: customers.nameKanji });
    await appendAudit(tx, {
      at: ctx.now,
      actor: { type: 'customer', id: customerId },
      customerId,
      action: 'passkey.registered',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { credentialId: info.credential.id, aaguid: info.aaguid },
    });
    await notifyPasskeyChange(tx, customerId, customer, {
      change: 'added',
      aaguid: info.aaguid,
      passwordLogin: exclusive && before?.passwordLoginEnabled ? 'stopped' : undefined,
    });
  });
  return { credentialId: info.credential.id };
}

/** Anonymous (the login page): challenges are capped per client and minute, so nobody can fill the table. */
export async function startAuthentication(db: Db, ctx: Ctx) {
  const limit = await checkLimit(
    db,
    securityPolicy().rateLimits.webauthnChallengesPerClient,
    `webauthn-challenge:${clientKey(ctx.ip)}`,
  );
  if (!limit.allowed) throw new PasskeyError('rate_limited');
  const options = await generateAuthenticationOptions({
    rpID: rpId(),
    userVerification: 'required',
    allowCredentials: [],
  });
  const challengeId = await storeChallenge(db, options.challenge, 'authenticate', null);
  return { challengeId, options };
}

/** Verifies an assertion (user verified) against an active (never a revoked) credential; returns the customer. */
export async function finishAuthentication(db: Db, input: { challengeId: string; response: unknown }, ctx: Ctx) {
  const expectedChallenge = await consumeChallenge(db, input.challengeId, 'authenticate', null);
  const response = input.response as AuthenticationResponseJSON;
  const credentialId = typeof response?.id === 'string' ? response.id : '';
  const [pk] = await db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.credentialId, credentialId), isNull(passkeys.revokedAt)))
    .limit(1);
  if (!pk) {
    // Anyone can send a made-up credential: aggregated per client and window, the id (attacker text) not stored.
    await refusal(db, { type: 'anonymous' }, 'login.passkey.unknown_credential', 'unknown_credential', ctx);
    throw new PasskeyError('unknown_credential');
  }
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: appOrigin(),
      expectedRPID: rpId(),
      requireUserVerification: true,
      credential: {
        id: pk.credentialId,
        publicKey: pk.publicKey,
        counter: pk.counter,
        transports: pk.transports as AuthenticatorTransport[],
      },
    });
  } catch {
    verification = { verified: false } as const;
  }
  if (!verification.verified) {
    await refusal(
      db,
      { type: 'customer', id: pk.customerId },
      'login.passkey.failed',
      'verification_failed',
      ctx,
      pk.customerId,
    );
    throw new PasskeyError('verification_failed');
  }
  // Re-checked at write time: a passkey revoked between lookup and now does not sign anyone in.
  const updated = await db
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
    .where(and(eq(passkeys.credentialId, pk.credentialId), isNull(passkeys.revokedAt)))
    .returning({ id: passkeys.credentialId });
  if (updated.length !== 1) throw new PasskeyError('unknown_credential');
  const [customer] = await db
    .select({ lockedAt: customers.loginLockedAt })
    .from(customers)
    .where(eq(customers.id, pk.customerId))
    .limit(1);
  if (customer?.lockedAt) throw new PasskeyError('account_locked');
  await appendAudit(db, {
    at: ctx.now,
    actor: { type: 'customer', id: pk.customerId },
    customerId: pk.customerId,
    action: 'login.passkey.succeeded',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { customerId: pk.customerId };
}

/** A failed passkey login, audited aggregated per client and window (lib/audit/aggregate). */
async function refusal(
  db: Db,
  actor: AuditActor,
  action: AggregatedAction,
  reason: string,
  ctx: Ctx,
  customerId: string | null = null,
) {
  const p = securityPolicy();
  await recordRefusal(
    db,
    { actor, action, reason, client: clientKey(ctx.ip), ip: ctx.ip, customerId },
    { policy: p.rateLimits.refusalsPerClient, globalMax: p.refusalAuditMaxPerWindow, now: ctx.now },
  );
}

/**
 * Step-up for a signed-in customer: a challenge bound to the customer, answerable only by one of
 * their own active passkeys, with user verification.
 */
export async function startStepUpAuthentication(db: Db, customerId: string) {
  const mine = await listPasskeys(db, customerId);
  if (mine.length === 0) throw new PasskeyError('not_found');
  const options = await generateAuthenticationOptions({
    rpID: rpId(),
    userVerification: 'required',
    allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] })),
  });
  const challengeId = await storeChallenge(db, options.challenge, 'authenticate', customerId);
  return { challengeId, options };
}

/** Verifies a step-up assertion: this customer's challenge, this customer's active passkey, UV set. */
export async function verifyStepUpAssertion(
  db: Db,
  customerId: string,
  input: { challengeId: string; response: unknown },
  ctx: Ctx,
) {
  const expectedChallenge = await consumeChallenge(db, input.challengeId, 'authenticate', customerId);
  const response = input.response as AuthenticationResponseJSON;
  const credentialId = typeof response?.id === 'string' ? response.id : '';
  const [pk] = await db
    .select()
    .from(passkeys)
    .where(
      and(eq(passkeys.credentialId, credentialId), eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)),
    )
    .limit(1);
  let verification;
  try {
    verification = pk
      ? await verifyAuthenticationResponse({
          response,
          expectedChallenge,
          expectedOrigin: appOrigin(),
          expectedRPID: rpId(),
          requireUserVerification: true,
          credential: {
            id: pk.credentialId,
            publicKey: pk.publicKey,
            counter: pk.counter,
            transports: pk.transports as AuthenticatorTransport[],
          },
        })
      : ({ verified: false } as const);
  } catch {
    verification = { verified: false } as const;
  }
  if (!pk || !verification.verified) {
    await appendAudit(db, {
      at: ctx.now,
      actor: { type: 'customer', id: customerId },
      customerId,
      action: 'stepup.passkey.failed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { reason: pk ? 'verification_failed' : 'unknown_credential' },
    });
    throw new PasskeyError('verification_failed');
  }
  const updated = await db
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
    .where(and(eq(passkeys.credentialId, pk.credentialId), isNull(passkeys.revokedAt)))
    .returning({ id: passkeys.credentialId });
  if (updated.length !== 1) throw new PasskeyError('verification_failed');
}

/** The link-free notice of an added or removed passkey, with the account's lock code (written in `tx`). */
async function notifyPasskeyChange(
  tx: Db,
  customerId: string,
  customer: { email: string; name: string } | undefined,
  p: { change: 'added' | 'removed'; aaguid: string; passwordLogin?: 'stopped' | 'restored' },
) {
  if (!customer) throw new PasskeyError('not_found');
  const mail = passkeyChangedEmail({
    name: customer.name,
    at: new Date(),
    change: p.change,
    lockCode: await noticeLockCode(tx, customerId),
    passwordLogin: p.passwordLogin,
    authenticator: { ja: authenticatorName(p.aaguid, 'ja'), en: authenticatorName(p.aaguid, 'en') },
  });
  await enqueueEmail(tx, { customerId, to: customer.email, ...mail });
}

/** Renames a passkey (fresh step-up required; no email: the name changes nothing about access). */
export async function renamePasskey(db: Db, guard: CustomerGuard, credentialId: string, nickname: string, ctx: Ctx) {
  const { customerId } = guard;
  await assertFreshStepUp(db, guard);
  const rows = await db
    .update(passkeys)
    .set({ nickname })
    .where(
      and(eq(passkeys.credentialId, credentialId), eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)),
    )
    .returning({ id: passkeys.credentialId });
  if (rows.length !== 1) throw new PasskeyError('not_found');
  await appendAudit(db, {
    at: ctx.now,
    actor: { type: 'customer', id: customerId },
    customerId,
    action: 'passkey.renamed',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { credentialId },
  });
}

/**
 * Soft delete (fresh step-up required); removing the last passkey turns ID/password login back on.
 * The customer is told by email with a lock code in the same transaction.
 */
export async function removePasskey(db: Db, guard: CustomerGuard, credentialId: string, ctx: Ctx) {
  const { customerId } = guard;
  const now = ctx.now ?? new Date();
  await assertFreshStepUp(db, guard, now);
  await transactionWithRetry(db, async (tx) => {
    await assertFreshStepUp(tx, guard, now);
    const rows = await tx
      .update(passkeys)
      .set({ revokedAt: now, revokedReason: 'removed_by_customer', revokedBy: `customer:${customerId}` })
      .where(
        and(eq(passkeys.credentialId, credentialId), eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)),
      )
      .returning({ id: passkeys.credentialId, aaguid: passkeys.aaguid });
    if (rows.length !== 1) throw new PasskeyError('not_found');
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(passkeys)
      .where(and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)));
    const restored = Number(left.n) === 0;
    const [before] = await tx
      .select({ passwordLoginEnabled: customers.passwordLoginEnabled })
      .from(customers)
      .where(eq(customers.id, customerId))
      .limit(1);
    const [customer] = await tx
      .update(customers)
      .set({ ...(restored ? { passwordLoginEnabled: true } : {}), updatedAt: now })
      .where(eq(customers.id, customerId))
      .returning({ email: customers.email, name: customers.nameKanji });
    await appendAudit(tx, {
      at: ctx.now,
      actor: { type: 'customer', id: customerId },
      customerId,
      action: 'passkey.removed',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: { credentialId },
    });
    await notifyPasskeyChange(tx, customerId, customer, {
      change: 'removed',
      aaguid: rows[0].aaguid,
      passwordLogin:
        restored && env().PASSKEY_POLICY === 'exclusive' && before && !before.passwordLoginEnabled
          ? 'restored'
          : undefined,
    });
  });
}
