/**
 * The help articles' search vectors held in the server's memory, per database and language
 * (docs/design.md#help-search-index): a search finds and pre-ranks its candidates here with the
 * same matching and ts_rank_cd as the database (tsearch.ts), so it costs no round trip and no
 * database CPU. The index is a copy of `search_vector` and `title_vector` as stored; it is
 * rebuilt at once after a write in this process, and within INDEX_RECHECK_MS after one in
 * another (a cheap fingerprint of the articles is compared in the background; searches keep
 * using the previous copy meanwhile).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { errorFields, logger } from '../log';
import { HELP_LANGS, type HelpLang } from './articles';
import type { ArticleMeta } from './search-rank';
import {
  compareLexemes,
  DEFAULT_RANK_WEIGHTS,
  float4Value,
  matches,
  parseTsquery,
  scanTsvector,
  rankCd,
  type DocVector,
  type OperandRange,
  type ParsedQuery as TsQuery,
} from './tsearch';

export const INDEX_RECHECK_MS = 10_000;

export type IndexRow = { meta: ArticleMeta; searchVector: string; titleVector: string };

/**
 * A tsquery parsed and resolved against one index's lexemes, for one search. What each document's vectors
 * answered to it is remembered in the index's scratch arrays under this query's own stamp, as one search asks
 * the same several times (searches run one at a time: indexCandidates never awaits).
 */
export type CompiledQuery = { q: TsQuery; ranges: OperandRange[]; stamp: number };

/**
 * Many tsvectors in a few arrays (so the garbage collector sees a handful of objects, not one per article and
 * lexeme): document d's entries are `ids[docStart[d] .. docStart[d + 1])`, entry e's positions
 * `wep[posStart[e] .. posStart[e + 1])`; and per lexeme id, the documents that have it,
 * `postDocs[postStart[id] .. postStart[id + 1])`, ascending.
 */
type PackedVectors = {
  docStart: Uint32Array;
  ids: Int32Array;
  posStart: Uint32Array;
  wep: Uint16Array;
  postStart: Uint32Array;
  postDocs: Int32Array;
};

/** How many entries and positions the texts hold, and every lexeme in them (the first of two passes). */
function countVectors(texts: string[], lexemes: Set<string>): { entries: number; positions: number } {
  let entries = 0;
  let positions = 0;
  for (const text of texts)
    scanTsvector(
      text,
      (l) => {
        entries++;
        lexemes.add(l);
      },
      () => positions++,
    );
  return { entries, positions };
}

/**
 * The texts read straight into the packed arrays (the second pass), so that building the index leaves no
 * per-article arrays behind. A tsvector's text lists its entries in the database's lexeme order, which is the
 * dictionary's, so each document's ids come out ascending; a document that is not is sorted afterwards.
 */
function packVectors(
  texts: string[],
  size: { entries: number; positions: number },
  idOf: Map<string, number>,
  lexemeCount: number,
): PackedVectors {
  const docStart = new Uint32Array(texts.length + 1);
  const ids = new Int32Array(size.entries);
  const posStart = new Uint32Array(size.entries + 1);
  const wep = new Uint16Array(size.positions);
  const counts = new Uint32Array(lexemeCount + 1);
  let e = 0;
  let at = 0;
  texts.forEach((text, d) => {
    docStart[d] = e;
    let sorted = true;
    scanTsvector(
      text,
      (l) => {
        const id = idOf.get(l)!;
        if (e > docStart[d] && ids[e - 1] >= id) sorted = false;
        ids[e] = id;
        posStart[e] = at;
        counts[id + 1]++;
        e++;
      },
      (p) => {
        wep[at++] = p;
      },
    );
    posStart[e] = at;
    if (!sorted) sortDocument(ids, posStart, wep, docStart[d], e);
  });
  docStart[texts.length] = e;
  posStart[e] = at;
  // Posting lists by counting sort: postStart is the running sum of the counts.
  const postStart = new Uint32Array(lexemeCount + 1);
  for (let id = 0; id < lexemeCount; id++) postStart[id + 1] = postStart[id] + counts[id + 1];
  const fill = postStart.slice(0, lexemeCount);
  const postDocs = new Int32Array(size.entries);
  for (let d = 0; d < texts.length; d++)
    for (let k = docStart[d]; k < docStart[d + 1]; k++) postDocs[fill[ids[k]]++] = d;
  return { docStart, ids, posStart, wep, postStart, postDocs };
}

/** Puts one document's entries (from .. to) in id order, their positions with them. */
function sortDocument(ids: Int32Array, posStart: Uint32Array, wep: Uint16Array, from: number, to: number): void {
  const entries = [];
  for (let k = from; k < to; k++) entries.push({ id: ids[k], pos: wep.slice(posStart[k], posStart[k + 1]) });
  entries.sort((x, y) => x.id - y.id);
  let at = posStart[from];
  entries.forEach((entry, j) => {
    ids[from + j] = entry.id;
    posStart[from + j] = at;
    wep.set(entry.pos, at);
    at += entry.pos.length;
  });
}

export class HelpIndex {
  /** Ascending by slug in code-unit order (slugs are [a-z0-9-]: the order of "C" and of C.UTF-8). */
  readonly docs: ArticleMeta[];
  private readonly search: PackedVectors;
  private readonly title: PackedVectors;
  /** Every lexeme of either vector, in code point order: an id is a place in this list. */
  private readonly lexemes: string[];
  private readonly ids = new Map<string, number>();
  /**
   * Scratch for one search at a time: per document, the stamp of the last query whose answer is in
   * searchAnswer / titleAnswer (1 yes, 0 no). Stamps only grow, so nothing needs clearing between searches.
   */
  private readonly searchStamp: Float64Array;
  private readonly titleStamp: Float64Array;
  private readonly searchAnswer: Uint8Array;
  private readonly titleAnswer: Uint8Array;
  private stamps = 0;

  constructor(rows: IndexRow[]) {
    const sorted = [...rows].sort((a, b) => (a.meta.slug < b.meta.slug ? -1 : a.meta.slug > b.meta.slug ? 1 : 0));
    const searchTexts = sorted.map((r) => r.searchVector);
    const titleTexts = sorted.map((r) => r.titleVector);
    const all = new Set<string>();
    const searchSize = countVectors(searchTexts, all);
    const titleSize = countVectors(titleTexts, all);
    this.lexemes = [...all].sort(compareLexemes);
    this.lexemes.forEach((l, k) => this.ids.set(l, k));
    this.docs = sorted.map((r) => r.meta);
    this.search = packVectors(searchTexts, searchSize, this.ids, this.lexemes.length);
    this.title = packVectors(titleTexts, titleSize, this.ids, this.lexemes.length);
    const n = this.docs.length;
    this.searchStamp = new Float64Array(n);
    this.titleStamp = new Float64Array(n);
    this.searchAnswer = new Uint8Array(n);
    this.titleAnswer = new Uint8Array(n);
  }

  get size(): number {
    return this.docs.length;
  }

  private vector(p: PackedVectors, doc: number): DocVector {
    return { ids: p.ids, starts: p.posStart, wep: p.wep, from: p.docStart[doc], to: p.docStart[doc + 1] };
  }

  /** The ids an operand matches: its own lexeme, or every lexeme it begins (`:*`). */
  private range(lexeme: string, prefix: boolean): OperandRange {
    if (!prefix) {
      const id = this.ids.get(lexeme);
      return id === undefined ? { lo: 0, hi: 0 } : { lo: id, hi: id + 1 };
    }
    let lo = 0;
    let hi = this.lexemes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareLexemes(this.lexemes[mid], lexeme) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.lexemes.length && this.lexemes[end].startsWith(lexeme)) end++;
    return { lo, hi: end };
  }

  /** A compiler for one search: each tsquery text is parsed and resolved once. */
  compiler(): (text: string) => CompiledQuery {
    const seen = new Map<string, CompiledQuery>();
    return (text) => {
      let c = seen.get(text);
      if (!c) {
        const q = parseTsquery(text);
        c = { q, ranges: q.operands.map((op) => this.range(op.lexeme, op.prefix)), stamp: ++this.stamps };
        seen.set(text, c);
      }
      return c;
    };
  }

  /**
   * Documents that can match `c` on the search (or title) vectors: operands' postings, intersected for `&`
   * and phrases, joined for `|`, as a bit set. A superset: each one is checked exactly with `matches`.
   */
  private maybe(c: CompiledQuery, title: boolean): number[] {
    const { postStart, postDocs } = title ? this.title : this.search;
    const words = (this.docs.length + 31) >>> 5;
    const walk = (node: TsQuery['root']): number[] => {
      if (node.kind === 'val') {
        const bits = new Array<number>(words).fill(0);
        const r = c.ranges[node.id];
        for (let k = postStart[r.lo]; k < postStart[Math.max(r.lo, r.hi)]; k++) {
          const d = postDocs[k];
          bits[d >>> 5] |= 1 << (d & 31);
        }
        return bits;
      }
      const a = walk(node.left);
      const b = walk(node.right);
      if (node.kind === 'or') for (let k = 0; k < words; k++) a[k] |= b[k];
      else for (let k = 0; k < words; k++) a[k] &= b[k];
      return a;
    };
    return walk(c.q.root);
  }

  /** Calls `fn` for each document of `bits` in slug order until it returns false. */
  private static each(bits: number[], fn: (doc: number) => boolean): void {
    for (let k = 0; k < bits.length; k++) {
      let w = bits[k];
      while (w) {
        const low = w & -w;
        const doc = (k << 5) + (31 - Math.clz32(low));
        if (!fn(doc)) return;
        w = (w ^ low) | 0;
      }
    }
  }

  matchesSearch(doc: number, c: CompiledQuery): boolean {
    if (this.searchStamp[doc] !== c.stamp) {
      this.searchAnswer[doc] = matches(this.vector(this.search, doc), c.q, c.ranges) ? 1 : 0;
      this.searchStamp[doc] = c.stamp;
    }
    return this.searchAnswer[doc] === 1;
  }

  matchesTitle(doc: number, c: CompiledQuery): boolean {
    if (this.titleStamp[doc] !== c.stamp) {
      this.titleAnswer[doc] = matches(this.vector(this.title, doc), c.q, c.ranges) ? 1 : 0;
      this.titleStamp[doc] = c.stamp;
    }
    return this.titleAnswer[doc] === 1;
  }

  /** ts_rank_cd(weights, search_vector, query) as the database returns it. */
  rankSearch(doc: number, weights: readonly number[], c: CompiledQuery): number {
    return float4Value(rankCd(weights, this.vector(this.search, doc), c.q, c.ranges));
  }

  /** ts_rank_cd(title_vector, query) with the default weights. */
  rankTitle(doc: number, c: CompiledQuery): number {
    return float4Value(rankCd(DEFAULT_RANK_WEIGHTS, this.vector(this.title, doc), c.q, c.ranges));
  }

  /** Documents whose search vector matches `c` (and, when given, whose title vector matches `title`), in slug order. */
  find(c: CompiledQuery, opts: { title?: CompiledQuery; notTitle?: CompiledQuery; limit?: number } = {}): number[] {
    const bits = this.maybe(c, false);
    if (opts.title) {
      const t = this.maybe(opts.title, true);
      for (let k = 0; k < bits.length; k++) bits[k] &= t[k];
    }
    const out: number[] = [];
    const limit = opts.limit ?? Infinity;
    HelpIndex.each(bits, (doc) => {
      if (!this.matchesSearch(doc, c)) return true;
      if (opts.title && !this.matchesTitle(doc, opts.title)) return true;
      if (opts.notTitle && this.matchesTitle(doc, opts.notTitle)) return true;
      out.push(doc);
      return out.length < limit;
    });
    return out;
  }
}

// ------------------------------------------------------------------------------------------------
// One index per database and language, kept in step with the articles

type Slot = {
  index: HelpIndex | null;
  fingerprint: string | null;
  checkedAt: number;
  building: Promise<HelpIndex> | null;
  /** Bumped by every write in this process: a build that started before it is not kept. */
  generation: number;
};

export type HelpIndexSlots = WeakMap<Db, Map<HelpLang, Slot>>;

/**
 * On globalThis (lib/config/process-globals.ts): Next bundles the routes and instrumentation.ts separately, each
 * with its own copy of this module, and the index built at start must be the one the search route uses.
 */
const slots: HelpIndexSlots = (globalThis.__lhpHelpIndexes ??= new WeakMap());

function slotFor(db: Db, lang: HelpLang): Slot {
  let byLang = slots.get(db);
  if (!byLang) slots.set(db, (byLang = new Map()));
  let s = byLang.get(lang);
  if (!s) byLang.set(lang, (s = { index: null, fingerprint: null, checkedAt: 0, building: null, generation: 0 }));
  return s;
}

/** Changes with any insert, update or delete of the language's articles (updated_at moves on every change). */
async function fingerprint(db: Db, lang: HelpLang): Promise<string> {
  const [r] = await queryRows<{ n: number | string; m: string | null; h: string | null }>(
    db,
    sql`select count(*)::int as n, max(updated_at)::text as m, sum(hashtext(slug || updated_at::text))::text as h
    from help_articles where lang = ${lang}`,
  );
  return `${r?.n}:${r?.m ?? ''}:${r?.h ?? ''}`;
}

async function loadRows(db: Db, lang: HelpLang): Promise<IndexRow[]> {
  const rows = await queryRows<{
    slug: string;
    version: string;
    title: string;
    reading: string | null;
    tags: string[] | null;
    category: string;
    sv: string;
    tv: string;
  }>(
    db,
    sql`select slug, updated_at::text as version, title, reading, tags, category,
      search_vector::text as sv, title_vector::text as tv
    from help_articles where lang = ${lang}`,
  );
  return rows.map((r) => ({
    meta: {
      slug: r.slug,
      version: String(r.version),
      title: r.title,
      reading: r.reading ?? '',
      tags: Array.isArray(r.tags) ? r.tags : [],
      category: r.category,
    },
    searchVector: r.sv,
    titleVector: r.tv,
  }));
}

function build(db: Db, lang: HelpLang, s: Slot): Promise<HelpIndex> {
  if (s.building) return s.building;
  const generation = s.generation;
  const started = (async () => {
    // The fingerprint first: a write landing during the load makes it stale, and the next check sees that.
    const fp = await fingerprint(db, lang);
    const index = new HelpIndex(await loadRows(db, lang));
    if (s.generation === generation) {
      s.index = index;
      s.fingerprint = fp;
      s.checkedAt = Date.now();
    }
    return index;
  })();
  s.building = started;
  void started.finally(() => {
    if (s.building === started) s.building = null;
  });
  return started;
}

/** In the background: whether another process changed the articles; if so, a new index replaces this one. */
function recheck(db: Db, lang: HelpLang, s: Slot): void {
  s.checkedAt = Date.now();
  const generation = s.generation;
  fingerprint(db, lang)
    .then((fp) => {
      if (s.generation !== generation || fp === s.fingerprint) return;
      return build(db, lang, s).then(() => undefined);
    })
    .catch((err: unknown) => logger.warn({ err: errorFields(err), lang }, 'help search index recheck failed'));
}

/**
 * The index of `lang`'s articles in `db`: built on first use (and after a write in this process) before this
 * resolves; afterwards checked against the database at most every INDEX_RECHECK_MS, in the background.
 */
export async function helpIndexFor(db: Db, lang: HelpLang): Promise<HelpIndex> {
  const s = slotFor(db, lang);
  if (!s.index) return build(db, lang, s);
  if (Date.now() - s.checkedAt >= INDEX_RECHECK_MS && !s.building) recheck(db, lang, s);
  return s.index;
}

/** Drops the indexes of `db`: the articles were just written in this process. */
export function forgetHelpIndex(db: Db): void {
  const byLang = slots.get(db);
  if (!byLang) return;
  for (const s of byLang.values()) {
    s.generation++;
    s.index = null;
    s.fingerprint = null;
    s.building = null;
  }
}

/** Builds every language's index of `db` (at server start). */
export async function warmHelpIndexes(db: Db): Promise<void> {
  await Promise.all(HELP_LANGS.map((lang) => helpIndexFor(db, lang)));
}
