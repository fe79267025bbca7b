import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../lib/recovery/normalize';
import {
  accountDataSchema,
  completeSchema,
  credentialsSchema,
  fieldErrorsOf,
  notMeSchema,
  otpSchema,
  statusLookupSchema,
} from '../../lib/recovery/schemas';

describe('answers are compared after normalizing (docs/design.md#answer-normalization, RT-34)', () => {
  it('ポチ, ぽち, ﾎﾟﾁ and " ポチ " are one answer; case and full width fold too', () => {
    const forms = ['ポチ', 'ぽち', 'ﾎﾟﾁ', ' ポチ ', 'ポ チ', '\u3000ぽち\u3000'];
    expect(new Set(forms.map(normalizeAnswer))).toEqual(new Set(['ぽち']));
    expect(normalizeAnswer('Ｐｏｃｈｉ')).toBe(normalizeAnswer('pochi'));
    expect(normalizeAnswer('タマ')).not.toBe(normalizeAnswer('ポチ'));
  });
});

describe('the shared form schemas', () => {
  it('accept what people type on a phone: full-width digits, 19850412, 1985/4/12, 1985年4月12日', () => {
    for (const birthDate of ['1985-04-12', '19850412', '1985/4/12', '1985年4月12日', '１９８５０４１２']) {
      expect(accountDataSchema.parse({ birthDate, branchCode: '１０１', accountNumber: '123-4567' })).toEqual({
        birthDate: '1985-04-12',
        branchCode: '101',
        accountNumber: '1234567',
      });
    }
    expect(otpSchema.parse({ code: '１２３ ４５６' })).toEqual({ code: '123456' });
  });

  it('refuse impossible dates, wrong lengths and letters with a code per field', () => {
    const r = accountDataSchema.safeParse({ birthDate: '1985-02-30', branchCode: '1011', accountNumber: '12345a7' });
    expect(r.success).toBe(false);
    if (!r.success)
      expect(fieldErrorsOf(r.error)).toEqual({ birthDate: 'format', branchCode: 'format', accountNumber: 'format' });
    const empty = accountDataSchema.safeParse({});
    if (!empty.success)
      expect(fieldErrorsOf(empty.error)).toEqual({
        birthDate: 'required',
        branchCode: 'required',
        accountNumber: 'required',
      });
    expect(
      accountDataSchema.safeParse({ birthDate: '2999-01-01', branchCode: '101', accountNumber: '1234567' }).success,
    ).toBe(false);
  });

  it('strip unknown keys: the account never comes from the request (RT-10)', () => {
    expect(
      credentialsSchema.parse({ loginId: 'ＤＥＭＯ-Locked', password: 'x', customerId: 'evil', step: 'review' }),
    ).toEqual({ loginId: 'demo-locked', password: 'x' });
  });

  it('consent must be exactly true', () => {
    expect(completeSchema.safeParse({ confirm: true }).success).toBe(true);
    for (const confirm of [false, 'true', 1, undefined])
      expect(completeSchema.safeParse({ confirm }).success).toBe(false);
  });

  it('normalize reference numbers and lock codes typed in any width or case', () => {
    expect(
      statusLookupSchema.parse({ loginId: 'a', referenceNumber: 'ｒ－２０２６１１２５－７ｋｑ４ｍ２' }).referenceNumber,
    ).toBe('R-20261125-7KQ4M2');
    expect(notMeSchema.parse({ loginId: 'a', lockCode: 'abcd-efgh' }).lockCode).toBe('ABCDEFGH');
    expect(notMeSchema.safeParse({ loginId: 'a', lockCode: 'abc' }).success).toBe(false);
  });
});
