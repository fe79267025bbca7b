import { describe, expect, it } from 'vitest';
import { accountHint, maskAccountNumber, maskPhone } from '../../lib/staff/masking';
import { roleAtLeast } from '../../lib/staff/auth';
import {
  auditFilterSchema,
  checklistSufficient,
  createStaffSchema,
  customerSearchSchema,
  forcedResetRequestSchema,
} from '../../lib/staff/schemas';
import { staffMessages } from '../../lib/i18n/messages/staff';

const ID = '7b0c6f3e-4a43-4f5e-9d0a-0c3c2a1b9e11';

describe('masking what staff see', () => {
  it('keeps only the last four digits of an account number', () => {
    expect(maskAccountNumber('1234567')).toBe('***4567');
    expect(maskAccountNumber('123')).toBe('***');
    expect(maskPhone('090-0000-0001')).toBe('***-****-0001');
    expect(maskPhone('123')).toBe('***');
    expect(accountHint('101', '1234567')).toBe('101-***4567');
  });
});

describe('roles', () => {
  it('viewer < operator < admin; no role is nothing', () => {
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'admin')).toBe(false);
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast(undefined, 'viewer')).toBe(false);
  });
});

describe('customer lookup input', () => {
  it('normalizes the login ID and full-width digits', () => {
    expect(customerSearchSchema.parse({ loginId: ' ＤＥＭＯ-Locked ' })).toMatchObject({ loginId: 'demo-locked' });
    expect(customerSearchSchema.parse({ branchCode: '１０１', accountNumber: '123 4567' })).toMatchObject({
      branchCode: '101',
      accountNumber: '1234567',
    });
  });
  it('needs a login ID or both branch code and account number, in the right format', () => {
    expect(customerSearchSchema.safeParse({}).success).toBe(false);
    expect(customerSearchSchema.safeParse({ branchCode: '101' }).success).toBe(false);
    expect(customerSearchSchema.safeParse({ branchCode: '10', accountNumber: '1234567' }).success).toBe(false);
    expect(customerSearchSchema.safeParse({ branchCode: '101', accountNumber: '123456' }).success).toBe(false);
  });
});

describe('forced reset checklist', () => {
  const all = { name: true, birthDate: true, address: true, registeredPhone: true, recentTrade: true };
  it('requires the name and the date of birth, and at least four items', () => {
    expect(checklistSufficient(all)).toBe(true);
    expect(checklistSufficient({ ...all, recentTrade: false })).toBe(true);
    expect(checklistSufficient({ ...all, address: false, recentTrade: false })).toBe(false);
    expect(checklistSufficient({ ...all, name: false })).toBe(false);
    expect(checklistSufficient({ ...all, birthDate: false })).toBe(false);
  });
  it('refuses unknown checklist items and fields that are not booleans', () => {
    const base = { customerId: ID, reason: '機種変更のため', caseNumber: 'C-1' + '23' };
    expect(forcedResetRequestSchema.safeParse({ ...base, checklist: { ...all, password: true } }).success).toBe(false);
    expect(forcedResetRequestSchema.safeParse({ ...base, checklist: { ...all, name: 'yes' } }).success).toBe(false);
    expect(forcedResetRequestSchema.safeParse({ ...base, checklist: all }).success).toBe(true);
  });
  it('normalizes the case number and refuses odd ones', () => {
    const base = { customerId: ID, reason: '機種変更のため', checklist: all };
    expect(forcedResetRequestSchema.parse({ ...base, caseNumber: ' ｃ-２０２６-００１ ' }).caseNumber).toBe(
      'C-2026-001',
    );
    expect(forcedResetRequestSchema.safeParse({ ...base, caseNumber: '<script>' }).success).toBe(false);
    expect(forcedResetRequestSchema.safeParse({ ...base, caseNumber: 'C-1', reason: '短い' }).success).toBe(false);
  });
});

describe('staff management and audit filter input', () => {
  it('wants a long initial password and a known role', () => {
    expect(
      createStaffSchema.safeParse({ email: 'a@example.jp', name: 'A', role: 'viewer', password: 'short' }).success,
    ).toBe(false);
    expect(
      createStaffSchema.safeParse({ email: 'a@example.jp', name: 'A', role: 'root', password: 'long-enough-pass' })
        .success,
    ).toBe(false);
    expect(
      createStaffSchema.parse({ email: ' A@Example.JP ', name: ' A ', role: 'admin', password: 'long-enough-pass' }),
    ).toMatchObject({ email: 'a@example.jp', name: 'A' });
  });
  it('accepts empty audit filters and real dates only', () => {
    expect(auditFilterSchema.safeParse({ from: '', to: '' }).success).toBe(true);
    expect(auditFilterSchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ before: '-1' }).success).toBe(false);
  });
});

describe('every error code the forms can receive has words in both languages', () => {
  it('errors and field errors', () => {
    for (const code of [
      'unauthenticated',
      'forbidden',
      'invalid_input',
      'not_found',
      'conflict',
      'same_person',
      'pending_exists',
      'not_pending',
      'self_change',
      'email_taken',
      'not_locked',
      'error',
      'need_criteria',
    ] as const) {
      expect(staffMessages.ja.errors[code]).toBeTruthy();
      expect(staffMessages.en.errors[code]).toBeTruthy();
    }
    for (const code of [
      'required',
      'too_long',
      'branch_code_format',
      'account_number_format',
      'case_number_format',
      'reason_too_short',
      'checklist_insufficient',
      'password_too_short',
      'date_format',
    ] as const) {
      expect(staffMessages.ja.fieldErrors[code]).toBeTruthy();
      expect(staffMessages.en.fieldErrors[code]).toBeTruthy();
    }
  });
});
