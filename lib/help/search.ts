/**
 * Help search (docs/design.md#help-search). The database finds and pre-ranks candidates with the GIN index
 * (`search_vector @@ $1::tsquery`, ts_rank_cd); the final score — title coverage first — is computed
 * in JavaScript (search-rank.ts), so PGlite and PostgreSQL give the same order (score desc, then slug). When every concept
 * cannot be found together the search falls back: typo correction → loose phrases → any concept.
 */
import { sql } from 'drizzle-orm';
import { articleCacheFor } from './article-cache';
import { searchCacheFor } from './search-cache';
import { queueSearchLog } from './search-log';
import { countSearch } from '../metrics';
import { redactSearchQuery } from './redact';
import { pgTextArray, queryRows, type Db } from '../../db/client';
import type { HelpLang } from './articles';
import { markdownToPlainText } from './markdown';
import { normalizeText } from './normalize';
import {
  conceptTsquery,
  highlightTerms,
  matchTsquery,
  parseQuery,
  rankTsquery,
  type MatchMode,
  type ParsedQuery,
} from './query';
import { rankCandidates, toCandidate, type Candidate } from './search-rank';
import {
  highlight,
  highlightPrepared,
  partsToHtml,
  prepareSnippetText,
  type PreparedText,
  type SnippetPart,
} from './snippet';
import { applyCorrections, correctTerms, getVocabulary, similarWords } from './typo';

export type HelpSearchMode = 'all' | 'corrected' | 'loose' | 'any' | 'none';

export type HelpSearchHit = {
  slug: string;
  title: string;
  category: string;
  score: number;
  /** HTML: every character escaped, matches wrapped in <mark>. */
  snippet: string;
  snippetParts: SnippetPart[];
  titleParts: SnippetPart[];
};

export type HelpSearchResponse = {
  /** The query as logged: cut to 200 characters, NFKC, lower case, single spaces. */
  query: string;
  results: HelpSearchHit[];
  total: number;
  /** `total` reached COUNT_CAP: there are at least that many. */
  totalCapped: boolean;
  /** all: every word found; corrected: after fixing a typo; loose/any: partial matches. */
  mode: HelpSearchMode;
  /** The corrected query when results are for it (「もしかして」). */
  correctedQuery: string | null;
  /** Words close to what was typed, when nothing matched. */
  suggestions: string[];
};

export type HelpSearchOptions = {
  q: string;
  lang: HelpLang;
  limit?: number;
  offset?: number;
  log?: boolean;
  /** false: bypass the memo (benchmarks of the engine itself). */ cache?: boolean;
  /** clientKey() of the caller: the log keeps one row per client and query an hour (lib/help/search-log). */
  client?: string | null;
};

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
async function fetchCandidates(
  db: Db,
  lang: HelpLang,
  q: ParsedQuery,
  tsq: string,
  need: number,
): Promise<{ cands: Candidate[]; total: number }> {
  const flagQueries = q.concepts.map((c) => conceptTsquery(c) ?? '');
  const flagCols = sql.join(
    flagQueries.map((f, i) =>
      f ? sql`, search_vector @@ ${f}::tsquery as ${sql.raw(`f${i}`)}` : sql`, false as ${sql.raw(`f${i}`)}`,
    ),
    sql``,
  );
  const titleAny =
    q.concepts
      .filter((c) => c.required)
      .map((c) => conceptTsquery(c))
      .filter(Boolean)
      .join(' | ') || tsq;
  const rankQ = rankTsquery(q) ?? tsq;
  const columns = sql`slug, updated_at::text as version, title, reading, tags, category,
    ts_rank_cd(${RANK_WEIGHTS}::float4[], search_vector, ${rankQ}::tsquery) as rank ${flagCols}`;

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
        where lang = ${lang} and title_vector @@ ${titleAny}::tsquery and search_vector @@ ${tsq}::tsquery
        order by ts_rank_cd(title_vector, ${rankQ}::tsquery) desc, slug collate "C" limit ${TITLE_CANDIDATES}
      ) t
    ),
    counted as (
      select count(*)::int as n from (select 1 from help_articles where lang = ${lang} and search_vector @@ ${tsq}::tsquery limit ${COUNT_CAP}) m
    ),
    body as (
      select ${columns} from (
        select slug, updated_at, title, reading, tags, category, search_vector from help_articles
        where lang = ${lang} and search_vector @@ ${tsq}::tsquery and not (title_vector @@ ${titleAny}::tsquery)
          and (select count(*) from titled) < ${need} and (select n from counted) > (select count(*) from titled)
        order by slug limit ${BODY_CANDIDATES}
      ) b
      order by rank desc, slug collate "C" limit ${need}
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

// ------------------------------------------------------------------------------------------------

type SnippetText = { body: PreparedText; summary: PreparedText | null };

/** The body (as plain text) and summary of each article on the page, prepared for highlighting; read only when not cached. */
async function snippetTexts(db: Db, lang: HelpLang, page: Candidate[]): Promise<Map<string, SnippetText>> {
  const cache = articleCacheFor(db);
  const out = new Map<string, SnippetText>();
  const missing: string[] = [];
  for (const c of page) {
    const hit = cache.get<SnippetText>('text', lang, c.slug, c.version);
    if (hit) out.set(c.slug, hit);
    else missing.push(c.slug);
  }
  if (!missing.length) return out;
  const rows = await queryRows<{ slug: string; version: string; body_md: string; summary: string | null }>(
    db,
    sql`
    select slug, updated_at::text as version, body_md, summary from help_articles where lang = ${lang} and slug = any(${pgTextArray(missing)}::text::text[])`,
  );
  for (const r of rows) {
    const text: SnippetText = {
      body: prepareSnippetText(markdownToPlainText(r.body_md)),
      summary: r.summary ? prepareSnippetText(r.summary) : null,
    };
    out.set(r.slug, cache.set('text', lang, r.slug, String(r.version), text));
  }
  return out;
}

// ------------------------------------------------------------------------------------------------

async function attempt(db: Db, lang: HelpLang, q: ParsedQuery, mode: MatchMode, need: number) {
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

/** Digit runs that could be an account, phone or card number are not kept in the search log. */
function logSearch(db: Db, query: string, lang: HelpLang, resultCount: number, client: string | null): void {
  queueSearchLog(db, { query: redactSearchQuery(query), lang, resultCount, clientKey: client });
}

/**
 * Recent results per database, for the popular queries that make up most help traffic. Articles
 * change only through the sync, which empties the cache in its process; another process (the seed
 * script beside a running server) is seen after at most CACHE_TTL_MS. The search log is written on
 * every call, cached or not.
 */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 500;

/** Searches the help articles of one language. Never throws for any input text. */
export async function searchHelp(db: Db, opts: HelpSearchOptions): Promise<HelpSearchResponse> {
  const key = [
    opts.lang,
    opts.limit ?? '',
    opts.offset ?? '',
    Array.from(opts.q ?? '')
      .slice(0, 200)
      .join(''),
  ].join('\u0000');
  const cache = searchCacheFor<{ at: number; value: HelpSearchResponse; loggable: boolean }>(db);
  const started = performance.now();
  let entry = cache.get(key);
  const cached = Boolean(entry && Date.now() - entry.at <= CACHE_TTL_MS && opts.cache !== false);
  if (!entry || !cached) {
    const value = await searchUncached(db, opts);
    entry = { at: Date.now(), value, loggable: parseQuery(opts.q ?? '').concepts.length > 0 };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  }
  countSearch(opts.lang, (performance.now() - started) / 1000, cached, entry.value.total);
  if (opts.log !== false && entry.loggable)
    logSearch(db, entry.value.query, opts.lang, entry.value.total, opts.client ?? null);
  return entry.value;
}

async function searchUncached(db: Db, opts: HelpSearchOptions): Promise<HelpSearchResponse> {
  const limit = Math.min(50, Math.max(1, Math.floor(opts.limit ?? 10)));
  const offset = Math.min(1000, Math.max(0, Math.floor(opts.offset ?? 0)));
  const parsed = parseQuery(opts.q ?? '');
  const empty: HelpSearchResponse = {
    query: parsed.display,
    results: [],
    total: 0,
    totalCapped: false,
    mode: 'none',
    correctedQuery: null,
    suggestions: [],
  };
  if (!parsed.concepts.length) return empty;

  let mode: HelpSearchMode = 'all';
  let correctedQuery: string | null = null;
  const need = offset + limit;
  let found = await attempt(db, opts.lang, parsed, 'all', need);
  let fallbackQuery = parsed;
  if (!found) {
    const spans = parsed.concepts.flatMap((c) => (c.span ? [c.span] : []));
    if (spans.length) {
      const vocab = await getVocabulary(db, opts.lang);
      const fixes = correctTerms(vocab, parsed.raw, spans);
      if (fixes.length) {
        const corrected = parseQuery(applyCorrections(parsed.raw, fixes));
        fallbackQuery = corrected;
        found = await attempt(db, opts.lang, corrected, 'all', need);
        if (found) {
          mode = 'corrected';
          correctedQuery = corrected.display;
        }
      }
    }
  }
  if (!found) {
    found = await attempt(db, opts.lang, fallbackQuery, 'loose', need);
    mode = 'loose';
  }
  if (!found && fallbackQuery.concepts.filter((c) => c.required).length > 1) {
    found = await attempt(db, opts.lang, fallbackQuery, 'any', need);
    mode = 'any';
  }

  if (!found) {
    const vocab = await getVocabulary(db, opts.lang);
    const suggestions = [
      ...new Set(parsed.concepts.filter((c) => c.group === null).flatMap((c) => similarWords(vocab, c.text))),
    ].slice(0, 5);
    return { ...empty, suggestions };
  }
  if (fallbackQuery !== parsed && mode !== 'corrected') correctedQuery = fallbackQuery.display;

  const ranked = rankCandidates(db, opts.lang, found.q, found.cands);
  const total = found.total;
  const page = ranked.slice(offset, offset + limit);
  const texts = await snippetTexts(db, opts.lang, page);
  const terms = highlightTerms(found.q);
  const results = page.map((c): HelpSearchHit => {
    const text = texts.get(c.slug);
    let parts = text ? highlightPrepared(text.body, terms, 110) : [];
    if (!parts.some((p) => p.mark) && text?.summary) parts = highlightPrepared(text.summary, terms, 110);
    return {
      slug: c.slug,
      title: c.title,
      category: c.category,
      score: c.score,
      snippet: partsToHtml(parts),
      snippetParts: parts,
      titleParts: highlight(c.title, terms, 1000),
    };
  });
  return {
    query: parsed.display,
    results,
    total,
    totalCapped: total >= COUNT_CAP,
    mode,
    correctedQuery,
    suggestions: [],
  };
}

/**
 * The naive baseline the benchmark compares against: every whitespace-separated word of the
 * normalized query must occur (LIKE '%word%') in the normalized title or body; title hits first.
 */
export async function naiveSearch(db: Db, q: string, lang: HelpLang, limit = 10): Promise<string[]> {
  const words = normalizeText(Array.from(q).slice(0, 200).join('')).split(' ').filter(Boolean).slice(0, 8);
  if (!words.length) return [];
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const all = sql.join(
    words.map((w) => sql`(search_title || ' ' || search_body) like ${like(w)}`),
    sql` and `,
  );
  const inTitle = sql.join(
    words.map((w) => sql`(search_title like ${like(w)})::int`),
    sql` + `,
  );
  const rows = await queryRows<{ slug: string }>(
    db,
    sql`
    select slug from help_articles where lang = ${lang} and ${all}
    order by ${inTitle} desc, slug collate "C" limit ${limit}`,
  );
  return rows.map((r) => r.slug);
}
