import { and, eq, isNull } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
} from '@simplewebauthn/server';
import { customers, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { appOrigin, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import type { AggregatedAction, AuditActor } from '../audit';
import { recordRefusal } from '../audit/aggregate';
import { clientKey } from '../http/client-key';
import { checkLimit } from '../rate-limit';
import { consumeChallenge, storeChallenge } from './challenges';
import { listPasskeys } from './management';
import { auditCustomer, PasskeyError, type Ctx } from './types';

type Passkey = typeof passkeys.$inferSelect;
type Assertion = { challengeId: string; response: unknown };

async function authenticationOptions(db: Db, customerId: string | null, allow: Passkey[]) {
  const options = await generateAuthenticationOptions({
    rpID: rpId(),
    userVerification: 'required',
    allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: p.transports as AuthenticatorTransport[] })),
  });
  const challengeId = await storeChallenge(db, options.challenge, 'authenticate', customerId);
  return { challengeId, options };
}

/** The active (never a revoked) passkey the response names, of this customer when one is given. */
async function activePasskey(db: Db, response: AuthenticationResponseJSON, customerId?: string) {
  const credentialId = typeof response?.id === 'string' ? response.id : '';
  const [pk] = await db
    .select()
    .from(passkeys)
    .where(
      and(
        eq(passkeys.credentialId, credentialId),
        customerId === undefined ? undefined : eq(passkeys.customerId, customerId),
        isNull(passkeys.revokedAt),
      ),
    )
    .limit(1);
  return pk as Passkey | undefined;
}

/**
 * The assertion checked against the stored credential (user verified): the new signature counter,
 * or null when it fails (a malformed response is a failed one).
 */
async function verifiedCounter(pk: Passkey, response: AuthenticationResponseJSON, expectedChallenge: string) {
  try {
    const verification = await verifyAuthenticationResponse({
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
    return verification.verified ? verification.authenticationInfo.newCounter : null;
  } catch {
    return null;
  }
}

/** Stores the counter and the time of use; false when the passkey was revoked after it was looked up. */
async function recordUse(db: Db, pk: Passkey, newCounter: number) {
  const updated = await db
    .update(passkeys)
    .set({ counter: newCounter, lastUsedAt: new Date() })
    .where(and(eq(passkeys.credentialId, pk.credentialId), isNull(passkeys.revokedAt)))
    .returning({ id: passkeys.credentialId });
  return updated.length === 1;
}

/** Anonymous (the login page): challenges are capped per client and minute, so nobody can fill the table. */
export async function startAuthentication(db: Db, ctx: Ctx) {
  const limit = await checkLimit(
    db,
    securityPolicy().rateLimits.webauthnChallengesPerClient,
    `webauthn-challenge:${clientKey(ctx.ip)}`,
  );
  if (!limit.allowed) throw new PasskeyError('rate_limited');
  return authenticationOptions(db, null, []);
}

/** Verifies an assertion (user verified) against an active (never a revoked) credential; returns the customer. */
export async function finishAuthentication(db: Db, input: Assertion, ctx: Ctx) {
  const expectedChallenge = await consumeChallenge(db, input.challengeId, 'authenticate', null);
  const response = input.response as AuthenticationResponseJSON;
  const pk = await activePasskey(db, response);
  if (!pk) {
    // Anyone can send a made-up credential: aggregated per client and window, the id (attacker text) not stored.
    await refusal(db, { type: 'anonymous' }, 'login.passkey.unknown_credential', 'unknown_credential', ctx);
    throw new PasskeyError('unknown_credential');
  }
  const counter = await verifiedCounter(pk, response, expectedChallenge);
  if (counter === null) {
    const actor = { type: 'customer', id: pk.customerId } as const;
    await refusal(db, actor, 'login.passkey.failed', 'verification_failed', ctx, pk.customerId);
    throw new PasskeyError('verification_failed');
  }
  // Re-checked at write time: a passkey revoked between lookup and now does not sign anyone in.
  if (!(await recordUse(db, pk, counter))) throw new PasskeyError('unknown_credential');
  const [customer] = await db
    .select({ lockedAt: customers.loginLockedAt })
    .from(customers)
    .where(eq(customers.id, pk.customerId))
    .limit(1);
  if (customer?.lockedAt) throw new PasskeyError('account_locked');
  await auditCustomer(db, pk.customerId, 'login.passkey.succeeded', ctx);
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
  return authenticationOptions(db, customerId, mine);
}

/** Verifies a step-up assertion: this customer's challenge, this customer's active passkey, UV set. */
export async function verifyStepUpAssertion(db: Db, customerId: string, input: Assertion, ctx: Ctx) {
  const expectedChallenge = await consumeChallenge(db, input.challengeId, 'authenticate', customerId);
  const response = input.response as AuthenticationResponseJSON;
  const pk = await activePasskey(db, response, customerId);
  const counter = pk ? await verifiedCounter(pk, response, expectedChallenge) : null;
  if (!pk || counter === null) {
    await auditCustomer(db, customerId, 'stepup.passkey.failed', ctx, {
      reason: pk ? 'verification_failed' : 'unknown_credential',
    });
    throw new PasskeyError('verification_failed');
  }
  if (!(await recordUse(db, pk, counter))) throw new PasskeyError('verification_failed');
}
