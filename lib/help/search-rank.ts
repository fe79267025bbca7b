/**
 * The final order of help-search candidates (docs/design.md#help-search): the database finds and pre-ranks
 * them; this scores each one — title coverage first — in JavaScript, so PGlite and PostgreSQL give the same
 * order (score desc, then slug). Split from search.ts, which finds the candidates and builds the answer.
 */
import type { Db } from '../../db/client';
import { tokenizeNormalized, type Token } from './analyze';
import { articleCacheFor } from './article-cache';
import type { HelpLang } from './articles';
import { normalizeText } from './normalize';
import { pinnedSlug } from './pins';
import type { ParsedQuery } from './query';

/** What a search shows and ranks of an article besides its text. */
export type ArticleMeta = {
  slug: string;
  /** updated_at as text: the key of what is cached about the article (article-cache.ts). */
  version: string;
  title: string;
  reading: string;
  tags: string[];
  category: string;
};

export type Candidate = ArticleMeta & { rank: number; flags: boolean[] };

/** The candidates of one attempt and how many articles match in all (up to COUNT_CAP). */
export type Candidates = { cands: Candidate[]; total: number };

export function toCandidate(r: Record<string, unknown>, flagCount: number): Candidate {
  return {
    slug: String(r.slug),
    version: String(r.version),
    title: String(r.title),
    reading: String(r.reading ?? ''),
    tags: Array.isArray(r.tags) ? (r.tags as string[]) : [],
    category: String(r.category),
    rank: Number(r.rank),
    flags: Array.from({ length: flagCount }, (_, i) => r[`f${i}`] === true || r[`f${i}`] === 't'),
  };
}

type FormTokens = { tokens: Token[]; prefix: boolean };

function sameToken(t: Token, w: Token, prefix: boolean): boolean {
  if (t.lexeme === w.lexeme) return true;
  const prefixable = w.kind === 'char' || (prefix && w.kind === 'word' && w.lexeme.length >= 3);
  return prefixable && t.lexeme.startsWith(w.lexeme);
}

function tokenAt(text: Token[], pos: number, w: Token, prefix: boolean): boolean {
  for (let i = 0; i < text.length; i++) if (text[i].pos === pos && sameToken(text[i], w, prefix)) return true;
  return false;
}

/** Where the tokenized text contains the form as a phrase (same rules as the tsquery), if it does. */
function containsPhrase(text: Token[], form: FormTokens): { from: number; to: number } | null {
  const want = form.tokens;
  if (!want.length) return null;
  for (let i = 0; i < text.length; i++) {
    if (!sameToken(text[i], want[0], form.prefix)) continue;
    const base = text[i].pos - want[0].pos;
    let all = true;
    for (let k = 1; k < want.length && all; k++) all = tokenAt(text, base + want[k].pos, want[k], form.prefix);
    if (all) {
      const last = want[want.length - 1];
      return { from: base + want[0].pos, to: base + last.pos + (last.kind === 'bigram' ? 1 : 0) };
    }
  }
  return null;
}

const formCache = new Map<string, FormTokens>();
function formTokens(norm: string, prefix: boolean): FormTokens {
  const key = `${prefix ? 1 : 0}${norm}`;
  let f = formCache.get(key);
  if (!f) {
    f = { tokens: tokenizeNormalized(norm).tokens.filter((t) => !t.tail), prefix };
    if (formCache.size > 5000) formCache.clear();
    formCache.set(key, f);
  }
  return f;
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const compact = (s: string) => s.replace(/ /g, '');

/** An article's title, reading and tags as the ranking sees them (cached per article version). */
type TitleDoc = {
  /** The normalized title and reading without spaces, for the whole-query test. */
  titleCompact: string;
  readingCompact: string;
  title: Token[];
  titleLen: number;
  reading: Token[];
  tags: Token[][];
};

function titleDoc(c: Candidate): TitleDoc {
  const titleNorm = normalizeText(c.title);
  const readingNorm = normalizeText(c.reading);
  const title = tokenizeNormalized(titleNorm).tokens;
  let titleLen = 1;
  for (const t of title) titleLen = Math.max(titleLen, t.pos);
  return {
    titleCompact: compact(titleNorm),
    readingCompact: compact(readingNorm),
    title,
    titleLen,
    reading: tokenizeNormalized(readingNorm).tokens,
    tags: c.tags.map((t) => tokenizeNormalized(normalizeText(t)).tokens),
  };
}

/** What the score needs of the query, tokenized once per search rather than once per candidate. */
type QueryForms = {
  concepts: Array<{ strict: FormTokens[]; broad: FormTokens[]; weight: number; required: boolean }>;
  weightSum: number;
  required: number;
  /** The whole query without spaces, when long enough to count as a phrase in the title. */
  whole: string | null;
};

function queryForms(q: ParsedQuery): QueryForms {
  const concepts = q.concepts.map((c) => {
    const prefix = c.group === null;
    return {
      strict: c.strict.map((f) => formTokens(f, prefix)),
      broad: c.broad.map((f) => formTokens(f, prefix)),
      weight: c.weight,
      required: c.required,
    };
  });
  const whole = compact(q.normalized);
  return {
    concepts,
    weightSum: concepts.reduce((sum, c) => sum + c.weight, 0),
    required: concepts.filter((c) => c.required).length,
    whole: Array.from(whole).length >= 2 ? whole : null,
  };
}

/** Whether any form is in the title or reading; title positions covered are recorded. */
function inTitle(doc: TitleDoc, covered: Set<number>, forms: FormTokens[]): boolean {
  let hit = false;
  for (const ft of forms) {
    const m = containsPhrase(doc.title, ft);
    if (m) {
      hit = true;
      for (let p = m.from; p <= m.to; p++) covered.add(p);
    } else if (!hit && containsPhrase(doc.reading, ft)) {
      hit = true;
    }
  }
  return hit;
}

function inTags(doc: TitleDoc, forms: FormTokens[]): boolean {
  for (const ft of forms) for (const t of doc.tags) if (containsPhrase(t, ft)) return true;
  return false;
}

/**
 * Final score, highest first:
 * 3 × how much of the query is in the title or reading (the customer's own words count fully,
 * then their tags, then related synonyms) + 2 × how many required concepts the article contains
 * + 1 if the whole query is in the title + 0.5 × how much of the title the query covers (short,
 * specific titles first) + ts_rank_cd squashed into 0..1, + 1 for any match in the title, reading or
 * tags (so they come before body-only matches), and 1.5 for the best bet (pins.ts).
 */
function score(q: QueryForms, c: Candidate, doc: TitleDoc, pinned: string | null): number {
  const covered = new Set<number>();
  let titleCov = 0;
  let docCov = 0;
  for (let k = 0; k < q.concepts.length; k++) {
    const concept = q.concepts[k];
    let t = 0;
    if (inTitle(doc, covered, concept.strict)) t = 1;
    else if (inTags(doc, concept.strict)) t = 0.7;
    else if (inTitle(doc, covered, concept.broad)) t = 0.4;
    else if (inTags(doc, concept.broad)) t = 0.2;
    titleCov += concept.weight * t;
    if (concept.required && c.flags[k]) docCov++;
  }
  const phrase = q.whole && (doc.titleCompact.includes(q.whole) || doc.readingCompact.includes(q.whole)) ? 1 : 0;
  const density = covered.size / doc.titleLen;
  const rank = c.rank / (1 + c.rank);
  const pin = c.slug === pinned ? 1.5 : 0;
  // Title matches first: any article with the query in its title, reading or tags outranks every body-only match.
  const titled = titleCov > 0 ? 1 : 0;
  return round(
    pin +
      titled +
      3 * (titleCov / Math.max(q.weightSum, 1e-9)) +
      2 * (docCov / Math.max(q.required, 1)) +
      phrase +
      0.5 * Math.min(1, density) +
      rank,
  );
}

export function rankCandidates(
  db: Db,
  lang: HelpLang,
  q: ParsedQuery,
  cands: Candidate[],
): Array<Candidate & { score: number }> {
  const pinned = pinnedSlug(q.concepts.filter((c) => c.required).map((c) => c.group));
  const cache = articleCacheFor(db);
  const forms = queryForms(q);
  return cands
    .map((c) => {
      const td =
        cache.get<TitleDoc>('title', lang, c.slug, c.version) ??
        cache.set('title', lang, c.slug, c.version, titleDoc(c));
      return { ...c, score: score(forms, c, td, pinned) };
    })
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}
