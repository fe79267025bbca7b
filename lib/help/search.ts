/**
 * Help search (docs/design.md#help-search). Candidates are found and pre-ranked with PostgreSQL's matching and
 * ts_rank_cd on the copy of the search vectors in memory (search-candidates.ts); the final score — title coverage first — is computed
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
import { highlightTerms, parseQuery, type ParsedQuery } from './query';
import { attempt, COUNT_CAP } from './search-candidates';
import { rankCandidates, type Candidate } from './search-rank';
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
    const parsed = parseQuery(opts.q ?? '');
    const value = await searchUncached(db, opts, parsed);
    entry = { at: Date.now(), value, loggable: parsed.concepts.length > 0 };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  }
  countSearch(opts.lang, (performance.now() - started) / 1000, cached, entry.value.total);
  if (opts.log !== false && entry.loggable)
    logSearch(db, entry.value.query, opts.lang, entry.value.total, opts.client ?? null);
  return entry.value;
}

async function searchUncached(db: Db, opts: HelpSearchOptions, parsed: ParsedQuery): Promise<HelpSearchResponse> {
  const limit = Math.min(50, Math.max(1, Math.floor(opts.limit ?? 10)));
  const offset = Math.min(1000, Math.max(0, Math.floor(opts.offset ?? 0)));
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
