import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { syntheticArticles } from '@/bench/help';
import { toArticleRow, upsertArticleRows } from '@/lib/help/articles';
import { matchTsquery, parseQuery } from '@/lib/help/query';
import { searchHelp } from '@/lib/help/search';
import { fetchCandidatesSql, indexCandidates, textConstant } from '@/lib/help/search-candidates';
import { HelpIndex, helpIndexFor } from '@/lib/help/search-index';
import { syncHelpArticles } from '@/lib/help/sync';
import { DEFAULT_RANK_WEIGHTS } from '@/lib/help/tsearch';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { recheckHelpIndex } from '../support/help-fixtures';
import { HELP_QUERIES, HELP_QUERIES_HOLDOUT } from '../support/help-queries';

const ENGINE = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncHelpArticles(t.db);
  // Generated articles beside the real ones: broad queries then match hundreds, and the caps (50 title
  // candidates, 100 body ones, a count of 200) come into play.
  await upsertArticleRows(t.db, syntheticArticles(600).map(toArticleRow));
});
afterAll(async () => {
  await t?.drop();
});

describe(`help search index in memory (${ENGINE})`, () => {
  it('finds the same candidates, ranks, flags and count as the database for every labelled query', async () => {
    let compared = 0;
    for (const c of [...HELP_QUERIES, ...HELP_QUERIES_HOLDOUT]) {
      const q = parseQuery(c.q);
      for (const mode of ['all', 'loose', 'any'] as const) {
        const tsq = matchTsquery(q, mode);
        if (!tsq) continue;
        for (const need of [10, 60]) {
          const db = await fetchCandidatesSql(t.db, c.lang, q, tsq, need);
          const mem = indexCandidates(await helpIndexFor(t.db, c.lang), q, tsq, need);
          expect(mem, `${c.q} (${mode}, ${need})`).toEqual(db);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('answers @@ and ts_rank_cd exactly as the database does, for vectors and queries of every shape it handles', async () => {
    // Small alphabets so lexemes repeat, prefixes overlap and phrases sometimes hold.
    const lexeme = fc.constantFrom('パス', 'スキ', 'キー', 'ー', 'パ', 'pass', 'passkey', 'key', "o'k", 'a\\b');
    const position = fc.record({ pos: fc.integer({ min: 1, max: 40 }), w: fc.constantFrom('A', 'B', 'C', '') });
    const vector = fc
      .array(fc.record({ lexeme, positions: fc.array(position, { minLength: 1, maxLength: 5 }) }), {
        minLength: 1,
        maxLength: 8,
      })
      .map((entries) =>
        entries
          .map(
            (e) =>
              `'${e.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${e.positions.map((p) => `${p.pos}${p.w}`).join(',')}`,
          )
          .join(' '),
      );
    const operand = fc
      .record({ lexeme, prefix: fc.boolean(), w: fc.constantFrom('', '', 'A', 'AB', 'C') })
      .map(
        (o) =>
          `'${o.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${o.prefix || o.w ? `:${o.prefix ? '*' : ''}${o.w}` : ''}`,
      );
    const phrase = fc
      .tuple(operand, fc.array(fc.tuple(fc.constantFrom('<->', '<2>', '<3>'), operand), { maxLength: 3 }))
      .map(([first, rest]) => (rest.length ? `(${first} ${rest.map(([op, o]) => `${op} ${o}`).join(' ')})` : first));
    const query = fc
      .array(fc.tuple(phrase, fc.constantFrom('&', '|')), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([p, op], k) => (k ? `${op} ${p}` : p)).join(' '));

    await fc.assert(
      fc.asyncProperty(vector, query, async (vec, q) => {
        const [row] = await queryRows<{ v: string; m: boolean | string; r: number | string; d: number | string }>(
          t.db,
          sql`select v::text as v, v @@ q as m,
            ts_rank_cd('{0.1, 0.3, 0.6, 1.0}'::float4[], v, q) as r, ts_rank_cd(v, q) as d
          from (select ${textConstant(vec)}::tsvector as v, ${textConstant(q)}::tsquery as q) x`,
        );
        // The vector as the database stored it (sorted, positions merged), in an index of its own, as the
        // search and title vector of one article: the index's packing and prefix ranges are under test too.
        const index = new HelpIndex([
          {
            meta: { slug: 'a', version: '1', title: 'a', reading: '', tags: [], category: 'login' },
            searchVector: row.v,
            titleVector: row.v,
          },
        ]);
        const c = index.compiler()(q);
        expect(index.matchesSearch(0, c), `${row.v} @@ ${q}`).toBe(row.m === true || row.m === 't');
        const weights = [0.1, 0.3, 0.6, 1.0].map(Math.fround);
        expect(index.rankSearch(0, weights, c), `ts_rank_cd(${row.v}, ${q})`).toBe(Number(row.r));
        expect(index.rankTitle(0, c), `ts_rank_cd(${row.v}, ${q}), default weights`).toBe(Number(row.d));
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('reads a vector whose entries are out of order the same as the sorted one', () => {
    const row = (slug: string, v: string) => ({
      meta: { slug, version: '1', title: slug, reading: '', tags: [], category: 'login' },
      searchVector: v,
      titleVector: v,
    });
    const index = new HelpIndex([
      row('sorted', "'キー':3 'ス':9A 'スキ':2A,7 'パス':1A,6C"),
      row('unsorted', "'パス':1A,6C 'キー':3 'スキ':2A,7 'ス':9A"),
    ]);
    const compile = index.compiler();
    for (const text of ["'パス' <-> 'スキ' <-> 'キー'", "'ス':*A & 'キー'", "'パス':C | 'キー'"]) {
      const c = compile(text);
      expect([index.matchesSearch(0, c), index.rankSearch(0, DEFAULT_RANK_WEIGHTS, c)], text).toEqual([
        index.matchesSearch(1, c),
        index.rankSearch(1, DEFAULT_RANK_WEIGHTS, c),
      ]);
      expect(index.matchesSearch(0, c), text).toBe(true);
    }
  });

  it('sees an edit made by another process within the recheck interval, and its own at once', async () => {
    const q = { q: 'パスキー 削除', lang: 'ja' as const, log: false, cache: false };
    const before = await searchHelp(t.db, q);
    const top = before.results[0];
    expect(top).toBeDefined();

    // Another process: a write that this process's caches are not told about.
    await t.db.execute(
      sql`update help_articles set title = 'ZZZ 別の題', updated_at = now()
      where slug = ${top.slug} and lang = 'ja'`,
    );
    expect((await searchHelp(t.db, q)).results[0].title).toBe(top.title); // the copy in memory, for now

    const index = await helpIndexFor(t.db, 'ja');
    await recheckHelpIndex(t.db, 'ja');
    expect(await helpIndexFor(t.db, 'ja')).not.toBe(index);
    const after = await searchHelp(t.db, q);
    expect(after.results.find((r) => r.slug === top.slug)?.title).toBe('ZZZ 別の題');

    // A write in this process (the sync puts the article back) is seen by the very next search.
    await syncHelpArticles(t.db);
    expect((await searchHelp(t.db, q)).results[0]).toMatchObject({ slug: top.slug, title: top.title });
  });

  it('drops a deleted article, and answers hostile text as the database does', async () => {
    const [{ slug }] = await queryRows<{ slug: string }>(
      t.db,
      sql`select slug from help_articles where lang = 'en' order by slug limit 1`,
    );
    const index = await helpIndexFor(t.db, 'en');
    expect(index.docs.some((d) => d.slug === slug)).toBe(true);
    await t.db.execute(sql`delete from help_articles where slug = ${slug} and lang = 'en'`);
    await recheckHelpIndex(t.db, 'en');
    expect((await helpIndexFor(t.db, 'en')).docs.some((d) => d.slug === slug)).toBe(false);
    // Hostile text reaches the index only through parseQuery's lexemes: quotes, backslashes and operators stay
    // data, and the index answers what the database answers.
    for (const text of [
      "'; drop table help_articles; --",
      'a\\\\b パス\\キー',
      "o''k 'passkey'",
      '((((',
      '<-> & | !',
      ':*A',
    ]) {
      const q = parseQuery(text);
      for (const mode of ['all', 'loose', 'any'] as const) {
        const tsq = matchTsquery(q, mode);
        if (!tsq) continue;
        const lang = 'ja';
        expect(indexCandidates(await helpIndexFor(t.db, lang), q, tsq, 10), `${text} (${mode})`).toEqual(
          await fetchCandidatesSql(t.db, lang, q, tsq, 10),
        );
      }
      const r = await searchHelp(t.db, { q: text, lang: 'en', log: false, cache: false });
      expect(r.query).toBeTypeOf('string');
    }
  });
});
