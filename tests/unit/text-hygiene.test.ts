import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isWellFormedText } from '@/lib/http/text';
import { passwordLoginSchema, staffLoginSchema } from '@/lib/auth/schemas';
import {
  accountDataSchema,
  credentialsSchema,
  notMeSchema,
  otpSchema,
  secretQuestionSchema,
  statusLookupSchema,
} from '@/lib/recovery/schemas';
import {
  auditFilterSchema,
  createStaffSchema,
  customerSearchSchema,
  forcedResetRequestSchema,
  resetDecisionSchema,
  unlockSchema,
} from '@/lib/staff/schemas';
import { escapeForLog } from '@/lib/log';

/*
 * RT-40: every string field of every shared schema (lib/*\/schemas.ts) refuses a lone surrogate and a
 * NUL with the field error `format`, whatever else the field would accept — so a server action and
 * the JSON API answer 400 before any attempt is counted.
 */

const uuid = '6f1c1f4e-8a43-4d1b-9a55-3f0f6a2b7c11';
const checklist = { name: true, birthDate: true, address: true, registeredPhone: true, recentTrade: false };

/** A valid input per schema and the string fields to spoil. */
const cases: [string, z.ZodType, Record<string, unknown>, string[]][] = [
  [
    'passwordLoginSchema',
    passwordLoginSchema,
    { loginId: 'demo-normal', password: 'Passw0rd!demo' },
    ['loginId', 'password'],
  ],
  [
    'staffLoginSchema',
    staffLoginSchema,
    { email: 'operator@example.jp', password: 'Staff-passw0rd!' },
    ['email', 'password'],
  ],
  [
    'credentialsSchema',
    credentialsSchema,
    { loginId: 'demo-locked', password: 'Passw0rd!demo' },
    ['loginId', 'password'],
  ],
  ['secretQuestionSchema', secretQuestionSchema, { answer: 'ポチ' }, ['answer']],
  [
    'accountDataSchema',
    accountDataSchema,
    { birthDate: '1985-04-12', branchCode: '101', accountNumber: '1234567' },
    ['birthDate', 'branchCode', 'accountNumber'],
  ],
  ['otpSchema', otpSchema, { code: '123456' }, ['code']],
  [
    'statusLookupSchema',
    statusLookupSchema,
    { loginId: 'demo-locked', referenceNumber: 'R-20261125-7KQ4M2' },
    ['loginId', 'referenceNumber'],
  ],
  ['notMeSchema', notMeSchema, { loginId: 'demo-locked', lockCode: 'ABCD2345' }, ['loginId', 'lockCode']],
  [
    'customerSearchSchema',
    customerSearchSchema,
    { loginId: 'demo-locked', branchCode: '101', accountNumber: '1234567' },
    ['loginId', 'branchCode', 'accountNumber'],
  ],
  [
    'forcedResetRequestSchema',
    forcedResetRequestSchema,
    { customerId: uuid, checklist, reason: '電話で本人確認済み', caseNumber: 'CASE-1234' },
    ['reason', 'caseNumber'],
  ],
  ['resetDecisionSchema', resetDecisionSchema, { requestId: uuid, note: '確認しました' }, ['note']],
  ['unlockSchema', unlockSchema, { customerId: uuid, reason: '電話で本人確認済み' }, ['reason']],
  [
    'createStaffSchema',
    createStaffSchema,
    { email: 'new@example.jp', name: '山田 花子', role: 'viewer', password: 'initial-pass-1234' },
    ['email', 'name', 'password'],
  ],
  [
    'auditFilterSchema',
    auditFilterSchema,
    {
      action: 'recovery.completed',
      customer: 'demo-locked',
      actor: 'admin@example.jp',
      from: '2026-01-01',
      to: '2026-01-31',
    },
    ['action', 'customer', 'actor', 'from', 'to'],
  ],
];

const spoilers: [string, (v: string) => string][] = [
  ['a lone high surrogate', (v) => `${v}\ud800`],
  ['a lone low surrogate', (v) => `\udc00${v}`],
  ['a NUL', (v) => `${v.slice(0, 1)}\u0000${v.slice(1)}`],
];

describe('RT-40 invalid Unicode in every shared schema', () => {
  for (const [name, schema, valid, fields] of cases) {
    it(`RT-40 ${name}: the valid input passes; a lone surrogate or a NUL in ${fields.join(', ')} is refused as format`, () => {
      expect(schema.safeParse(valid).success).toBe(true);
      for (const field of fields) {
        for (const [what, spoil] of spoilers) {
          const r = schema.safeParse({ ...valid, [field]: spoil(String(valid[field])) });
          const issues = r.success ? [] : r.error.issues.filter((i) => i.path[0] === field).map((i) => i.message);
          expect({ field, what, issues }).toEqual({ field, what, issues: ['format'] });
        }
      }
    });
  }

  it('RT-40 a surrogate pair (an emoji, 𠮷) is well-formed text and passes', () => {
    expect(isWellFormedText('𠮷野家 😀')).toBe(true);
    expect(secretQuestionSchema.safeParse({ answer: '𠮷😀' }).success).toBe(true);
    expect(isWellFormedText('\ud83d')).toBe(false);
    expect(isWellFormedText('\ude00\ud83d')).toBe(false);
  });

  it('RT-40 escapeForLog turns lone surrogates and NUL into \\uXXXX text, keeping surrogate pairs', () => {
    expect(escapeForLog('a\ud800b\u0000c😀')).toBe('a\\ud800b\\u0000c😀');
    expect(isWellFormedText(escapeForLog('\udfff\ud800'))).toBe(true);
  });
});
