import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '@/lib/recovery/normalize';
import { normalizeLoginId, passwordLoginSchema } from '@/lib/auth/schemas';
import { maskEmail, newLockCode, normalizeLockCode } from '@/lib/notify';
import { canonicalJson } from '@/lib/audit';
import { escapeForLog } from '@/lib/log';

describe('secret answer normalization (RT-34)', () => {
  it.each(['ポチ', 'ぽち', 'ﾎﾟﾁ', ' ポチ ', 'ポ チ', '　ぽち　'])('treats %j as the answer ポチ', (v) => {
    expect(normalizeAnswer(v)).toBe(normalizeAnswer('ポチ'));
  });
  it('folds full-width Latin and case', () => {
    expect(normalizeAnswer('ＰＯＣＨＩ')).toBe('pochi');
  });
  it('keeps different answers different', () => {
    expect(normalizeAnswer('タマ')).not.toBe(normalizeAnswer('ポチ'));
  });
});

describe('login ID normalization', () => {
  it('stores and compares NFKC + lower case', () => {
    expect(normalizeLoginId(' ＤＥＭＯ-Locked ')).toBe('demo-locked');
  });
  it('rejects an empty or overlong ID in the shared schema', () => {
    expect(passwordLoginSchema.safeParse({ loginId: '   ', password: 'x' }).success).toBe(false);
    expect(passwordLoginSchema.safeParse({ loginId: 'a'.repeat(65), password: 'x' }).success).toBe(false);
  });
});

describe('notification helpers', () => {
  it('masks the email for display', () => {
    expect(maskEmail('taro@example.jp')).toBe('t***@example.jp');
  });
  it('makes 8-character lock codes without look-alike characters, and reads them back leniently', () => {
    const codes = new Set(Array.from({ length: 200 }, newLockCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    expect(normalizeLockCode(' abcd-ｅｆｇｈ ')).toBe('ABCDEFGH');
  });
});

describe('audit and log hygiene', () => {
  it('serializes JSON canonically (key order does not change the hash input)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });
  it('escapes CR, LF and other control characters in logged input', () => {
    expect(escapeForLog('a\r\nb\u0000c')).toBe('a\\u000d\\u000ab\\u0000c');
  });
});
