import { describe, expect, it } from 'vitest';
import { findSynonyms, matchTsquery, MAX_QUERY_CHARS, parseQuery, phraseTsquery } from '@/lib/help/query';
import { pinnedSlug } from '@/lib/help/pins';

const groups = (q: string) => parseQuery(q).concepts.map((c) => c.group ?? `term:${c.text}`);

describe('help search: reading what the customer typed', () => {
  it('finds synonyms whatever the spelling: hiragana, half-width, English, colloquial', () => {
    expect(groups('ぱすきーけしたい')).toEqual(['passkey', 'remove']);
    expect(groups('ﾊﾟｽｷｰ 削除')).toEqual(['passkey', 'remove']);
    expect(groups('remove passkeys')).toEqual(['remove', 'passkey']);
    expect(groups('スマホを変えたらログインできなくなった')).toEqual(['change-phone', 'login']);
    expect(groups('顔認証できない')).toEqual(['biometric']);
  });

  it('drops function words (を, できない, ました …) instead of searching for them', () => {
    expect(groups('パスワードを忘れてしまいました')).toEqual(['password', 'forgot']);
    expect(groups('ろぐいんできない')).toEqual(['login']);
  });

  it('prefers the longest spelling: ログインID is one concept, not ログイン + ID', () => {
    expect(groups('ログインIDがわからない')).toEqual(['login-id', 'forgot']);
  });

  it('does not see a Latin synonym inside a longer word ("id" in "android")', () => {
    expect(findSynonyms('android').map((s) => s.group)).toEqual(['phone']);
  });

  it('keeps a word it does not know as a plain term, with where it was typed', () => {
    const q = parseQuery('パスワートを忘れた');
    const term = q.concepts.find((c) => c.group === null)!;
    expect(term.text).toBe('パスワト');
    expect(q.raw.slice(...term.span!)).toBe('パスワート');
  });

  it('makes soft words (忘れた, とは) rank without excluding articles', () => {
    const q = parseQuery('パスキーとは');
    expect(q.concepts.map((c) => [c.group, c.required])).toEqual([
      ['passkey', true],
      ['what-is', false],
    ]);
    expect(matchTsquery(q, 'all')).not.toContain('トハ');
  });

  it('builds phrase queries from bigrams with exact distances, a lone character as a prefix', () => {
    expect(phraseTsquery('パスキ')).toBe("('パス' <-> 'スキ')");
    expect(phraseTsquery('ログインid')).toBe("('ログ' <-> 'グイ' <-> 'イン' <2> 'id')");
    expect(phraseTsquery('顔')).toBe("'顔':*");
    expect(phraseTsquery('pass', { prefix: true })).toBe("'pass':*");
    expect(phraseTsquery('解除', { weights: 'A' })).toBe("'解除':A");
  });

  it('cuts a 2,000-character query to 200 characters before doing anything with it', () => {
    const q = parseQuery('パスキー'.repeat(500));
    expect(Array.from(q.raw)).toHaveLength(MAX_QUERY_CHARS);
  });

  it('gives nothing to search for an empty or symbols-only query', () => {
    expect(parseQuery('').concepts).toEqual([]);
    expect(parseQuery('   ').concepts).toEqual([]);
    expect(parseQuery('！？＃＄％&&||<>').concepts).toEqual([]);
    expect(matchTsquery(parseQuery('!!!'), 'all')).toBeNull();
  });

  it('turns SQL and HTML fragments into quoted words only (no tsquery operators get through)', () => {
    const tsq = matchTsquery(
      parseQuery(`'); DROP TABLE help_articles; -- <img src=x onerror=alert(1)> !a | b & c`),
      'all',
    )!;
    const unquoted = tsq.replace(/'(?:[^']|'')*'/g, 'L');
    expect(unquoted).toMatch(/^[L:*&|<>\-()\s0-9]*$/);
    expect(unquoted).not.toContain('!');
  });

  it('pins the best bet only when the concepts are exactly the pinned ones', () => {
    expect(
      pinnedSlug(
        parseQuery('パスキー消したい')
          .concepts.filter((c) => c.required)
          .map((c) => c.group),
      ),
    ).toBe('passkey-remove-recovery');
    expect(pinnedSlug(['passkey', 'remove', 'phone'])).toBeNull();
    expect(pinnedSlug(['passkey', null])).toBeNull();
  });
});
