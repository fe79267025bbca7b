/**
 * Help-search candidates (docs/design.md#help-search): per attempt, the articles matching a tsquery, a few of
 * them pre-ranked with ts_rank_cd; search-rank.ts gives the final order. Answered from the copy of the search
 * vectors in memory (indexCandidates, docs/design.md#help-search-index); the one SQL statement that answers the
 * same through the GIN indexes (fetchCandidatesSql) is the reference the tests compare with, and the fallback.
 * Split from search.ts, which chooses the attempts and builds the answer.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { HelpLang } from './articles';
import { conceptTsquery, matchTsquery, rankTsquery, type MatchMode, type ParsedQuery } from './query';
import { helpIndexFor, type HelpIndex } from './search-index';
import { toCandidate, type Candidate, type Candidates } from './search-rank';
import { UnsupportedQuery } from './tsearch';

/** Title matches ranked per query, at most (the best by their title vector). */
const TITLE_CANDIDATES = 50;
/**
 * Matches are counted up to this many (「200件以上」): counting every article of a very broad query
 * would cost more than the number tells anyone, and nobody reads past the twentieth page.
 */
export const COUNT_CAP = 200;
/** Body-only matches ranked per query, at most. */
const BODY_CANDIDATES = 100;
/** ts_rank_cd weights for {D, C, B, A}: body, summary, tags, title and reading. */
const RANK_WEIGHTS = '{0.1, 0.3, 0.6, 1.0}';
const RANK_WEIGHT_VALUES = [0.1, 0.3, 0.6, 1.0].map(Math.fround);

/**
 * A text as an SQL string constant: E'…' with backslashes and quotes doubled, which reads the same whatever
 * standard_conforming_strings says. The search statement carries its values as constants rather than
 * parameters: it is planned for its actual query each time anyway (db/client.ts: PLAN_EACH_TIME), and
 * postgres.js sends a statement with parameters that it has not prepared in two round trips (describe, then
 * bind and execute); without parameters it is one.
 */
export function textConstant(value: string): SQL {
  if (value.includes('\0')) throw new Error('NUL in a search constant');
  return sql.raw(`E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`);
}

const intConstant = (n: number): SQL => sql.raw(String(Math.trunc(n)));

/**
 * The articles matching `tsq`, in one statement that ranks only a few of them:
 * 1. those with a required concept in the title, reading or tags — found through the small title
 *    index, the best TITLE_CANDIDATES by their title vector, then ranked on the whole article;
 * 2. how many match in all (up to COUNT_CAP);
 * 3. only when the title matches cannot fill the page, the best body-only matches (of at most
 *    BODY_CANDIDATES). The condition depends on nothing per row, so PostgreSQL evaluates it once and
 *    skips the scan entirely when it is false.
 * Every row carries the count, so a search that finds nothing costs one round trip too.
 */
export async function fetchCandidatesSql(
  db: Db,
  lang: HelpLang,
  q: ParsedQuery,
  tsq: string,
  need: number,
): Promise<Candidates> {
  const t = attemptQueries(q, tsq);
  const flagQueries = t.flags;
  const L = textConstant(lang);
  const flagCols = sql.join(
    flagQueries.map((f, i) =>
      f
        ? sql`, search_vector @@ ${textConstant(f)}::tsquery as ${sql.raw(`f${i}`)}`
        : sql`, false as ${sql.raw(`f${i}`)}`,
    ),
    sql``,
  );
  const rankQ = textConstant(t.rank);
  const titleQ = textConstant(t.title);
  const matchQ = textConstant(t.match);
  const columns = sql`slug, updated_at::text as version, title, reading, tags, category,
    ts_rank_cd(${textConstant(RANK_WEIGHTS)}::float4[], search_vector, ${rankQ}::tsquery) as rank ${flagCols}`;

  // ts_rank_cd on the whole article is the costly part: it runs on at most TITLE_CANDIDATES title
  // matches and BODY_CANDIDATES body-only ones. The body-only ones are the first in primary-key order
  // (the scan stops there; slugs are [a-z0-9-], which sort the same in the C and C.UTF-8 collations
  // of PGlite and our PostgreSQL, so both pick the same articles).
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
    with titled as (
      select ${columns} from (
        select slug, updated_at, title, reading, tags, category, search_vector from help_articles
        where lang = ${L} and title_vector @@ ${titleQ}::tsquery and search_vector @@ ${matchQ}::tsquery
        order by ts_rank_cd(title_vector, ${rankQ}::tsquery) desc, slug collate "C" limit ${intConstant(TITLE_CANDIDATES)}
      ) t
    ),
    counted as (
      select count(*)::int as n from (select 1 from help_articles where lang = ${L} and search_vector @@ ${matchQ}::tsquery limit ${intConstant(COUNT_CAP)}) m
    ),
    body as (
      select ${columns} from (
        select slug, updated_at, title, reading, tags, category, search_vector from help_articles
        where lang = ${L} and search_vector @@ ${matchQ}::tsquery and not (title_vector @@ ${titleQ}::tsquery)
          and (select count(*) from titled) < ${intConstant(need)} and (select n from counted) > (select count(*) from titled)
        order by slug limit ${intConstant(BODY_CANDIDATES)}
      ) b
      order by rank desc, slug collate "C" limit ${intConstant(need)}
    ),
    found as (
      select 0 as part, * from titled
      union all
      select 1 as part, * from body
    )
    select counted.n as total, found.* from counted left join found on true
    order by found.part, found.rank desc, found.slug collate "C"`,
  );
  const total = Number(rows[0]?.total ?? 0);
  const cands = rows
    .filter((r) => r.slug !== null && r.slug !== undefined)
    .map((r) => toCandidate(r, flagQueries.length));
  return { cands, total };
}

/** The tsqueries of one attempt, as fetchCandidatesSql sends them. */
function attemptQueries(q: ParsedQuery, tsq: string) {
  const flags = q.concepts.map((c) => conceptTsquery(c) ?? '');
  const titleAny =
    q.concepts
      .filter((c) => c.required)
      .map((c) => conceptTsquery(c))
      .filter(Boolean)
      .join(' | ') || tsq;
  return { flags, title: titleAny, rank: rankTsquery(q) ?? tsq, match: tsq };
}

/**
 * What fetchCandidatesSql returns, computed on the index in memory (search-index.ts) with the same matching
 * and ts_rank_cd: the same articles, ranks, flags and count, in the same order (tests/integration/help-index.test.ts
 * compares the two on every labelled query).
 */
export function indexCandidates(index: HelpIndex, q: ParsedQuery, tsq: string, need: number): Candidates {
  const t = attemptQueries(q, tsq);
  const compile = index.compiler();
  const match = compile(t.match);
  const title = compile(t.title);
  const rank = compile(t.rank);
  const flags = t.flags.map((f) => (f ? compile(f) : null));
  const byRankThenSlug = (a: { doc: number; rank: number }, b: { doc: number; rank: number }) =>
    b.rank - a.rank || a.doc - b.doc;

  const titled = index
    .find(match, { title })
    .map((doc) => ({ doc, rank: index.rankTitle(doc, rank) }))
    .sort(byRankThenSlug)
    .slice(0, TITLE_CANDIDATES);
  const total = index.find(match, { limit: COUNT_CAP }).length;
  let body: Array<{ doc: number; rank: number }> = [];
  if (titled.length < need && total > titled.length) {
    body = index
      .find(match, { notTitle: title, limit: BODY_CANDIDATES })
      .map((doc) => ({ doc, rank: index.rankSearch(doc, RANK_WEIGHT_VALUES, rank) }))
      .sort(byRankThenSlug)
      .slice(0, need);
  }
  const rows = [
    ...titled.map(({ doc }) => ({ doc, rank: index.rankSearch(doc, RANK_WEIGHT_VALUES, rank) })).sort(byRankThenSlug),
    ...body,
  ];
  const cands = rows.map(({ doc, rank: r }): Candidate => ({
    ...index.docs[doc],
    rank: r,
    flags: flags.map((f) => (f ? index.matchesSearch(doc, f) : false)),
  }));
  return { cands, total };
}

/** Candidates from the index in memory; from the database when the index cannot run the query. */
export async function fetchCandidates(
  db: Db,
  lang: HelpLang,
  q: ParsedQuery,
  tsq: string,
  need: number,
): Promise<Candidates> {
  const index = await helpIndexFor(db, lang);
  try {
    return indexCandidates(index, q, tsq, need);
  } catch (err) {
    if (!(err instanceof UnsupportedQuery)) throw err;
    return fetchCandidatesSql(db, lang, q, tsq, need);
  }
}

export async function attempt(db: Db, lang: HelpLang, q: ParsedQuery, mode: MatchMode, need: number) {
  const tsq = matchTsquery(q, mode);
  if (!tsq) return null;
  let { cands, total } = await fetchCandidates(db, lang, q, tsq, need);
  const required = q.concepts.map((c, k) => (c.required ? k : -1)).filter((k) => k >= 0);
  if (mode === 'any' && required.length >= 3) {
    // "Any word" of a long query still needs most of it: one stray word is not an answer.
    const want = Math.ceil(required.length / 2);
    cands = cands.filter((c) => required.filter((k) => c.flags[k]).length >= want);
    total = cands.length;
  }
  return cands.length ? { q, cands, total } : null;
}
