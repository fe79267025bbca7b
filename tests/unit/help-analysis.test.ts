import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildTsvector, quoteLexeme, stem, tokenize } from '@/lib/help/analyze';
import { normalizeText, normalizeWithMap } from '@/lib/help/normalize';

describe('help search: normalization (both sides of the index must agree)', () => {
  it.each([
    ['ﾊﾟｽｷｰ', 'パスキ'],
    ['ぱすきー', 'パスキ'],
    ['パスキー', 'パスキ'],
    ['パスキ-', 'パスキ'],
    ['ＰＡＳＳＫＥＹ', 'passkey'],
    ['ｐａｓｓｋｅｙ', 'passkey'],
    ['ログインＩＤ', 'ログインid'],
  ])('folds width, case and kana: %s → %s', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('treats コンピューター and コンピュータ as the same word (the long-vowel mark after kana vanishes)', () => {
    expect(normalizeText('コンピューター')).toBe(normalizeText('コンピュータ'));
  });

  it('turns symbols, markup and quotes into single spaces instead of keeping them', () => {
    expect(normalizeText(`<script>alert('x')</script>`)).toBe('script alert x script');
    expect(normalizeText("'; DROP TABLE help_articles; --")).toBe('drop table help articles');
    expect(normalizeText('！？＃＄％')).toBe('');
  });

  it('is idempotent and keeps its offset map in step with the text, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const { text, map } = normalizeWithMap(s);
        expect(normalizeText(text)).toBe(text);
        expect(map).toHaveLength(text.length);
        expect(map.every((m, i) => m >= 0 && m < s.length && (i === 0 || m >= map[i - 1]))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('maps every normalized character back to where it was typed, even across half-width dakuten', () => {
    const input = 'ｱﾌﾟﾘとﾊﾟｽｷｰ';
    const { text, map } = normalizeWithMap(input);
    expect(text).toBe('アプリトパスキ');
    expect(input.slice(map[4])).toBe('ﾊﾟｽｷｰ');
  });
});

describe('help search: tokens and the tsvector literal', () => {
  it('indexes a CJK run as overlapping bigrams plus its last character, and Latin as stemmed words', () => {
    const { tokens } = tokenize('パスキーを作成 passkeys');
    expect(tokens.map((t) => t.lexeme)).toEqual(['パス', 'スキ', 'キヲ', 'ヲ作', '作成', '成', 'passkey']);
    expect(tokens.map((t) => t.pos)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stems English lightly and identically on both sides', () => {
    expect(stem('passkeys')).toBe(stem('passkey'));
    expect(stem('locked')).toBe(stem('lock'));
    expect(stem('changing')).toBe(stem('change'));
  });

  it('quotes lexemes so a quote or backslash in the text can never break the literal', () => {
    expect(quoteLexeme("it's")).toBe("'it''s'");
    expect(quoteLexeme('a\\b')).toBe("'a\\\\b'");
  });

  it('weights the title A and the body D, with a gap so phrases never span two fields', () => {
    const v = buildTsvector([
      { text: '解除', weight: 'A' },
      { text: '手順', weight: 'D' },
    ]);
    expect(v).toBe("'手順':11D '解除':1A '除':2A '順':12D");
  });

  it('keeps the heaviest weight when the same word is in two fields at one position', () => {
    const v = buildTsvector([
      { text: 'パスキー', weight: 'A' },
      { text: 'パスキー', weight: 'B' },
    ]);
    expect(v).toContain("'パス':1A,12B");
  });
});
