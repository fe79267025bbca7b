import { describe, expect, it } from 'vitest';
import { eraYear, parseBirthDate } from '@/lib/recovery/normalize';
import { accountDataSchema, fieldErrorsOf } from '@/lib/recovery/schemas';

const today = new Date('2026-11-30T00:00:00Z');

describe('生年月日 in 西暦 or 和暦 (lib/recovery/normalize.ts)', () => {
  it.each([
    '19850412',
    '1985-04-12',
    '1985/4/12',
    '1985.4.12',
    '1985年4月12日',
    '西暦1985年4月12日',
    '１９８５０４１２',
    '1985 / 4 / 12',
    'S60.4.12',
    's60.4.12',
    'S60/04/12',
    'S60-4-12',
    'S600412',
    'Ｓ６０．４．１２',
    '昭和60年4月12日',
    '昭和６０年４月１２日',
    '昭和 60年 4月 12日',
    'S60年4月12日',
  ])('reads %j as 1985-04-12', (v) => {
    expect(parseBirthDate(v, today)).toBe('1985-04-12');
  });

  it('reads 平成, 元年, 令和, 大正 and 明治', () => {
    expect(parseBirthDate('H3.1.8', today)).toBe('1991-01-08');
    expect(parseBirthDate('平成3年1月8日', today)).toBe('1991-01-08');
    expect(parseBirthDate('平成元年1月8日', today)).toBe('1989-01-08');
    expect(parseBirthDate('H1.1.8', today)).toBe('1989-01-08');
    expect(parseBirthDate('R2.5.1', today)).toBe('2020-05-01');
    expect(parseBirthDate('令和元年5月1日', today)).toBe('2019-05-01');
    expect(parseBirthDate('大正15年12月24日', today)).toBe('1926-12-24');
    expect(parseBirthDate('昭和元年12月25日', today)).toBe('1926-12-25');
    expect(parseBirthDate('M33.1.1', today)).toBe('1900-01-01');
  });

  it('refuses dates outside their era, impossible dates, the future and before 1900', () => {
    for (const v of [
      '昭和64年1月8日',
      'S64.1.8',
      '平成元年1月7日',
      'H31.5.1',
      '令和元年4月30日',
      '昭和0年4月12日',
      'S60.2.30',
      '19850230',
      'M32.12.31',
      '18991231',
      '20261201',
      'R8.12.1',
      'X60.4.12',
      '昭和六十年四月十二日',
      'S60',
      '1985',
      '',
      '   ',
      '1'.repeat(200),
    ]) {
      expect(parseBirthDate(v, today), v).toBeNull();
    }
    expect(parseBirthDate('昭和64年1月7日', today)).toBe('1989-01-07');
  });

  it('names the era year beside the 西暦 year', () => {
    expect(eraYear('1985-04-12', 'ja')).toBe('昭和60年');
    expect(eraYear('1989-01-07', 'ja')).toBe('昭和64年');
    expect(eraYear('1989-01-08', 'ja')).toBe('平成元年');
    expect(eraYear('1991-01-08', 'en')).toBe('Heisei 3');
    expect(eraYear('not a date', 'ja')).toBeNull();
  });

  it('the shared step-3 schema takes 和暦 and answers format for a date that does not exist', () => {
    expect(
      accountDataSchema.parse({ birthDate: '昭和60年4月12日', branchCode: '101', accountNumber: '1234567' }).birthDate,
    ).toBe('1985-04-12');
    const r = accountDataSchema.safeParse({ birthDate: '昭和64年1月8日', branchCode: '101', accountNumber: '1234567' });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsOf(r.error)).toEqual({ birthDate: 'format' });
  });
});
