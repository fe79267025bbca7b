import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { env } from '../config/env';

/** A flow token: 256 random bits, base64url (43 characters). Only its sha-256 is stored. */
export function newFlowToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isWellFormedFlowToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function hashFlowToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Six digits from a CSPRNG. */
export function newOtpCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

function otpKey(): string {
  // A server-side pepper when one is configured; the flow id binds a code to its flow either way.
  return env().AUTH_SECRET ?? 'login-help-portal/otp';
}

/** The stored form of an emailed code: HMAC-SHA-256 over the flow id and the code (bound to its flow, RT-12). */
export function otpDigest(flowId: string, code: string): string {
  return createHmac('sha256', otpKey()).update(`${flowId}:${code}`).digest('hex');
}

/** Constant-time equality of two hex digests (or any two strings, compared as sha-256 digests). */
export function digestsEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/**
 * Account data (生年月日, 部店コード, 口座番号) reduced to one fixed-length digest, so the comparison is a
 * single timingSafeEqual on equal-length buffers and never says which of the three was wrong.
 */
export function accountDataDigest(d: { birthDate: string; branchCode: string; accountNumber: string }): Buffer {
  return createHash('sha256').update(`${d.birthDate}\u0000${d.branchCode}\u0000${d.accountNumber}`).digest();
}

export function accountDataMatches(
  given: { birthDate: string; branchCode: string; accountNumber: string },
  stored: { birthDate: string; branchCode: string; accountNumber: string } | null,
): boolean {
  const a = accountDataDigest(given);
  // With no stored customer, compare against a digest nobody can produce, at the same cost.
  const b = stored ? accountDataDigest(stored) : createHash('sha256').update(randomBytes(16)).digest();
  return timingSafeEqual(a, b) && stored !== null;
}

/** The WebAuthn user handle the customer's passkeys were registered with (lib/passkeys: TextEncoder(customer.id)). */
export function webauthnUserId(customerId: string): string {
  return Buffer.from(new TextEncoder().encode(customerId)).toString('base64url');
}
