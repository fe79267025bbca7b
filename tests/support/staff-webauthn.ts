import { randomUUID } from 'node:crypto';
import { newSoftKey, softAssertion, softAttestation, type SoftKey } from './soft-authenticator';

/**
 * The staff passkey tests' authenticator: the same software authenticator as the customers' (real
 * 'none' attestation and ES256 assertions, with or without user verification), reporting no AAGUID
 * like a security key would, so lib/staff/passkeys verifies real ceremonies.
 */
export type SoftStaffKey = SoftKey;

const NO_AAGUID = Buffer.alloc(16);

export function newSoftStaffKey(): SoftStaffKey {
  return newSoftKey(`staff-${randomUUID()}`);
}

/** A registration response for `challenge` (UV set unless `uv: false`), as @simplewebauthn/browser sends it. */
export function registrationResponse(
  key: SoftStaffKey,
  challenge: string,
  opts: { uv?: boolean; origin?: string } = {},
) {
  return softAttestation(key, challenge, { ...opts, aaguid: NO_AAGUID });
}

/** An authentication response for `challenge` (UV set unless `uv: false`). */
export const authenticationResponse = softAssertion;
