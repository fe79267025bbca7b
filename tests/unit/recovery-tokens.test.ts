import { describe, expect, it } from 'vitest';
import {
  accountDataMatches,
  digestsEqual,
  hashFlowToken,
  isWellFormedFlowToken,
  newFlowToken,
  newOtpCode,
  otpDigest,
  webauthnUserId,
} from '../../lib/recovery/tokens';

describe('secrets of the flow', () => {
  it('a flow token is 256 random bits (43 base64url characters) and only its sha-256 is stored', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newFlowToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(isWellFormedFlowToken(t)).toBe(true);
    const t = newFlowToken();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(hashFlowToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashFlowToken(t)).not.toContain(t);
    expect(isWellFormedFlowToken('short')).toBe(false);
  });

  it('codes are 6 digits, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, newOtpCode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes.map((c) => c[0])).size).toBe(10);
  });

  it('a code digest is bound to its flow (RT-12)', () => {
    expect(otpDigest('flow-a', '123456')).toBe(otpDigest('flow-a', '123456'));
    expect(otpDigest('flow-a', '123456')).not.toBe(otpDigest('flow-b', '123456'));
    expect(digestsEqual(otpDigest('f', '1'), otpDigest('f', '1'))).toBe(true);
    expect(digestsEqual(otpDigest('f', '1'), 'short')).toBe(false);
  });

  it('account data match all three at once, and never without a stored customer', () => {
    const d = { birthDate: '1985-04-12', branchCode: '101', accountNumber: '1234567' };
    expect(accountDataMatches(d, { ...d })).toBe(true);
    expect(accountDataMatches({ ...d, branchCode: '102' }, d)).toBe(false);
    expect(accountDataMatches(d, null)).toBe(false);
    // The separator keeps fields apart: shifting a digit between fields does not match.
    expect(accountDataMatches({ birthDate: d.birthDate, branchCode: '1011', accountNumber: '234567' }, d)).toBe(false);
  });

  it('the WebAuthn user handle is the customer id as registered (TextEncoder), base64url', () => {
    const id = '2f1b7e8a-0000-4000-8000-000000000001';
    expect(Buffer.from(webauthnUserId(id), 'base64url').toString('utf8')).toBe(id);
  });
});
