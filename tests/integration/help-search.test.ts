import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseHandle } from '@/db/client';
import { searchHelp } from '@/lib/help/search';
import { textConstant } from '@/lib/help/search-candidates';
import { flushSearchLog } from '@/lib/help/search-log';
import { syncHelpArticles } from '@/lib/help/sync';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { evaluateHelpQueries } from '../support/help-eval';
import { helpArticle, insertHelpArticles, recheckHelpIndex } from '../support/help-fixtures';
import { HELP_QUERIES } from '../support/help-queries';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncHelpArticles(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const logRows = async (q: string) => (
  await flushSearchLog(t.db),
  queryRows<{ query: string; lang: string; result_count: number }>(
    t.db,
    sql`select query, lang, result_count from help_search_log where query = ${q} order by id`,
  )
);

describe(`help search quality (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(`puts a right article in the top 3 for at least 90% of the ${HELP_QUERIES.length} labelled queries`, async () => {
    const report = await evaluateHelpQueries(t.db);
    const misses = report.outcomes
      .filter((o) => o.rank === null || o.rank > 3)
      .map((o) => `${o.q} → ${o.top.slice(0, 3).join(', ')}`);
    expect(report.queries).toBeGreaterThanOrEqual(60);
    expect(report.recallAt3, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });

  it('ranks identically on this database and on a fresh embedded PGlite built from the same files', async () => {
    const other: DatabaseHandle = await openDatabase({ pgliteDir: 'memory://', migrate: true });
    try {
      await syncHelpArticles(other.db);
      for (const c of HELP_QUERIES) {
        const a = await searchHelp(t.db, { q: c.q, lang: c.lang, log: false });
        const b = await searchHelp(other.db, { q: c.q, lang: c.lang, log: false });
        expect(
          a.results.map((r) => [r.slug, r.score]),
          c.q,
        ).toEqual(b.results.map((r) => [r.slug, r.score]));
        expect(a.total, c.q).toBe(b.total);
      }
    } finally {
      await other.close();
    }
  });

  it('puts title matches first and breaks score ties by slug, so the order never wobbles', async () => {
    const res = await searchHelp(t.db, { q: 'パスキー', lang: 'ja', limit: 50, log: false });
    expect(res.results[0].slug).toBe('passkey-what-is');
    for (let i = 1; i < res.results.length; i++) {
      const [p, c] = [res.results[i - 1], res.results[i]];
      expect(p.score > c.score || (p.score === c.score && p.slug < c.slug)).toBe(true);
    }
    const titled = res.results.filter((r) => r.title.includes('パスキー')).length;
    expect(res.results.slice(0, titled).every((r) => r.title.includes('パスキー'))).toBe(true);
  });

  it('corrects a one-character typo in a longer word and says which query it used', async () => {
    const res = await searchHelp(t.db, { q: 'パスワートを忘れた', lang: 'ja', log: false });
    expect(res.mode).toBe('corrected');
    expect(res.correctedQuery).toBe('パスワードを忘れた');
    expect(res.results[0].slug).toBe('password-forgot');
  });

  it('offers 「もしかして」 words when nothing matches at all', async () => {
    const res = await searchHelp(t.db, { q: 'passkeyzz', lang: 'ja', log: false });
    expect(res.total).toBe(0);
    expect(res.suggestions).toContain('passkey');
  });

  it('falls back to articles matching some of the words when none matches them all', async () => {
    const res = await searchHelp(t.db, { q: 'パスキー 冷蔵庫', lang: 'ja', log: false });
    expect(res.mode).toBe('any');
    expect(res.results[0].title).toContain('パスキー');
  });

  it('pages through results without repeating one', async () => {
    const p1 = await searchHelp(t.db, { q: 'ログイン', lang: 'ja', limit: 5, offset: 0, log: false });
    const p2 = await searchHelp(t.db, { q: 'ログイン', lang: 'ja', limit: 5, offset: 5, log: false });
    expect(p1.total).toBe(p2.total);
    expect(p1.results.map((r) => r.slug).filter((s) => p2.results.some((r) => r.slug === s))).toEqual([]);
  });
});

describe('help search never breaks on bad input', () => {
  const bad = [
    '',
    '   ',
    '　',
    'あ'.repeat(2000),
    'パスキー '.repeat(400),
    '！？＃＄％＆',
    '\'"\\;--',
    '\u0000\u0007\u202e',
    "'; DROP TABLE help_articles; --",
    "パスキー' OR '1'='1",
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>パスキー',
    'a & b | !c <-> d:*',
    '((((((',
    '😀🔑',
    'ｐａｓｓｋｅｙ'.repeat(100),
    '1234567890'.repeat(50),
  ];
  it.each(bad.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))(
    '%s gives a clean result, not an error',
    async (_label, q) => {
      const res = await searchHelp(t.db, { q, lang: 'ja', log: false });
      expect(res.total).toBeGreaterThanOrEqual(0);
      expect(res.results.length).toBeLessThanOrEqual(10);
      for (const r of res.results) {
        expect(r.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }
    },
  );

  it('reads any text put into the search statement as a constant back unchanged: quotes, backslashes, escapes', async () => {
    const values = [
      "'",
      "''",
      '\\',
      "\\'",
      "E'\\x41'",
      "'; DROP TABLE help_articles; --",
      '$$ $q$',
      '\\n\\t',
      "パスキー'\\",
    ];
    for (const v of values) {
      const [row] = await queryRows<{ v: string }>(t.db, sql`select ${textConstant(v)} as v`);
      expect(row.v).toBe(v);
    }
    expect(() => textConstant('a\u0000b')).toThrow();
    const [{ n }] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from help_articles`);
    expect(n).toBeGreaterThan(0);
  });

  it('escapes HTML written in an article before highlighting it in a snippet', async () => {
    await insertHelpArticles(t.db, [
      helpArticle({
        slug: 'test-html-article',
        title: 'HTMLを含む記事',
        body: '注意：<img src=x onerror=alert(1)> という文字列と ぜったいけんさく の説明です。',
      }),
    ]);
    const res = await searchHelp(t.db, { q: 'ゼッタイケンサク', lang: 'ja', log: false });
    const hit = res.results.find((r) => r.slug === 'test-html-article')!;
    expect(hit.snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hit.snippet).toContain('<mark>ぜったいけんさく</mark>');
    expect(hit.snippet).not.toContain('<img');
  });

  it('shows an article changed by another process with its new text once the index is rechecked, title and snippet', async () => {
    await insertHelpArticles(t.db, [
      helpArticle({ slug: 'test-changing-article', title: 'かわるきじのタイトル', body: 'ふるいほんぶんです。' }),
    ]);
    const first = await searchHelp(t.db, { q: 'かわるきじ', lang: 'ja', log: false, cache: false });
    expect(first.results[0]).toMatchObject({ slug: 'test-changing-article', title: 'かわるきじのタイトル' });
    expect(first.results[0].snippet).toContain('ふるいほんぶん');
    // Written behind this process's back (no cache is told): only updated_at says it changed.
    await t.db
      .execute(sql`update help_articles set title = 'かわるきじの新しいタイトル', body_md = 'あたらしいほんぶんです。',
      updated_at = now() + interval '1 second' where slug = 'test-changing-article'`);
    await recheckHelpIndex(t.db, 'ja');
    const second = await searchHelp(t.db, { q: 'かわるきじ', lang: 'ja', log: false, cache: false });
    expect(second.results[0].title).toBe('かわるきじの新しいタイトル');
    expect(second.results[0].snippet).toContain('あたらしいほんぶん');
    expect(second.results[0].snippet).not.toContain('ふるい');
  });

  it('any text at all (random Unicode, mixed scripts, operators) searches without an error and with escaped snippets', async () => {
    const pieces = fc.constantFrom(
      'パスキー',
      'ﾊﾟｽｷｰ',
      'ぱすきー',
      'ｐａｓｓｋｅｙ',
      '解除',
      "'",
      '"',
      '\\',
      '&',
      '|',
      '!',
      '<->',
      ':*',
      '<b>',
      '--',
      ' ',
      '　',
      'ー',
      '-',
      '😀',
      '\u0000',
      'A',
    );
    const query = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc.array(pieces, { maxLength: 12 }).map((a) => a.join('')),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.constantFrom('ja' as const, 'en' as const), async (q, lang) => {
        const res = await searchHelp(t.db, { q, lang, log: false });
        expect(res.total).toBeGreaterThanOrEqual(0);
        for (const r of res.results) expect(r.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }),
      { numRuns: 60 },
    );
  });

  it('an unknown language is searched as nothing rather than failing', async () => {
    const res = await searchHelp(t.db, { q: 'パスキー', lang: 'fr' as 'ja', log: false });
    expect(res.total).toBe(0);
  });
});

describe('help search log (for the staff dashboard)', () => {
  it('logs a zero-result query with result_count 0', async () => {
    await searchHelp(t.db, { q: 'ゼロ件になる検索語ですよ', lang: 'ja' });
    expect(await logRows('ゼロ件になる検索語ですよ')).toEqual([
      { query: 'ゼロ件になる検索語ですよ', lang: 'ja', result_count: 0 },
    ]);
  });

  it('logs the query normalized (NFKC, lower case, single spaces) with the total found', async () => {
    const res = await searchHelp(t.db, { q: '  ＰＡＳＳＫＥＹ　　削除 ', lang: 'ja' });
    const rows = await logRows('passkey 削除');
    expect(rows).toEqual([{ query: 'passkey 削除', lang: 'ja', result_count: res.total }]);
  });

  it('writes the queued log rows by itself, without a flush, within a few seconds', async () => {
    await searchHelp(t.db, { q: 'ひとりでに書かれる検索語', lang: 'ja' });
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          t.db,
          sql`select count(*)::int as n from help_search_log where query = 'ひとりでに書かれる検索語'`,
        )
      )[0].n;
    let n = await count();
    for (let i = 0; i < 50 && n === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      n = await count();
    }
    expect(n).toBe(1);
  });

  it('writes what is queued when its database handle closes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lhp-log-'));
    const open = () =>
      t.url ? openDatabase({ url: t.url, poolMax: 1 }) : openDatabase({ pgliteDir: dir, migrate: true });
    try {
      const h = await open();
      await searchHelp(h.db, { q: 'とじるまえのけんさく', lang: 'ja' });
      await h.close();
      const again = await open();
      try {
        const rows = await queryRows<{ n: number }>(
          again.db,
          sql`select count(*)::int as n from help_search_log where query = 'とじるまえのけんさく'`,
        );
        expect(rows[0].n).toBe(1);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('logs quotes, backslashes and braces exactly as typed (the batch is one array parameter)', async () => {
    const typed = 'パスキー "解除" \\ {a,b} 削除';
    await searchHelp(t.db, { q: typed, lang: 'ja' });
    const rows = await logRows(typed);
    expect(rows).toHaveLength(1);
  });

  it('never keeps an account or phone number someone typed into the search box', async () => {
    await searchHelp(t.db, { q: '口座番号1234567の確認', lang: 'ja' });
    await flushSearchLog(t.db);
    const [row] = await queryRows<{ query: string }>(
      t.db,
      sql`select query from help_search_log order by id desc limit 1`,
    );
    expect(row.query).toBe('口座番号#######の確認');
  });

  it('does not log an empty or symbols-only query, nor when asked not to', async () => {
    const before = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from help_search_log`);
    await searchHelp(t.db, { q: '', lang: 'ja' });
    await searchHelp(t.db, { q: '！！！', lang: 'ja' });
    await searchHelp(t.db, { q: 'パスキー', lang: 'ja', log: false });
    await flushSearchLog(t.db);
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from help_search_log`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('logs at most 200 characters of a 2,000-character query', async () => {
    await searchHelp(t.db, { q: 'い'.repeat(2000), lang: 'ja' });
    await flushSearchLog(t.db);
    const [row] = await queryRows<{ query: string }>(
      t.db,
      sql`select query from help_search_log order by id desc limit 1`,
    );
    expect(row.query).toBe('い'.repeat(200));
  });
});
