import { eq } from 'drizzle-orm';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { customers, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { appOrigin, env, rpId } from '../config/env';
import { assertFreshStepUp } from '../auth/sessions';
import { consumeChallenge, storeChallenge } from './challenges';
import { listPasskeys } from './management';
import { notifyPasskeyChange, setPasswordLogin } from './notification';
import { auditCustomer, PasskeyError, type Ctx, type CustomerGuard } from './types';

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

/** The attestation checked against the challenge (user verified); a malformed response is a failed one. */
async function verifiedRegistration(response: unknown, expectedChallenge: string) {
  try {
    const verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: appOrigin(),
      expectedRPID: rpId(),
      requireUserVerification: true,
    });
    return verification.verified ? verification.registrationInfo : undefined;
  } catch {
    return undefined;
  }
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
  const info = await verifiedRegistration(input.response, expectedChallenge);
  if (!info) {
    await auditCustomer(db, customerId, 'passkey.register_failed', ctx);
    throw new PasskeyError('verification_failed');
  }
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
    const { wasEnabled, customer } = await setPasswordLogin(tx, customerId, exclusive ? false : undefined, new Date());
    await auditCustomer(tx, customerId, 'passkey.registered', ctx, {
      credentialId: info.credential.id,
      aaguid: info.aaguid,
    });
    await notifyPasskeyChange(tx, customerId, customer, {
      change: 'added',
      aaguid: info.aaguid,
      lang: ctx.lang,
      passwordLogin: exclusive && wasEnabled ? 'stopped' : undefined,
    });
  });
  return { credentialId: info.credential.id };
}
