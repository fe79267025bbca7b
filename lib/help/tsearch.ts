/**
 * PostgreSQL's full-text matching and cover-density ranking, in TypeScript, for the help-search index held in the
 * server's memory (search-index.ts). What it reads is what the database stores — `search_vector::text` and
 * `title_vector::text`, parsed here — and what it answers must be what the database would: `vector @@ query` and
 * `ts_rank_cd(weights, vector, query)` as float4. It covers the tsquery the search builds (query.ts): quoted
 * lexemes with `:*` and weight letters, `&`, `|`, `<->` and `<N>` between lexemes, and parentheses; anything else
 * is refused (UnsupportedQuery) and the search asks the database instead. The ports follow
 * src/backend/utils/adt/tsrank.c (calc_rank_cd, get_docrep, Cover) and tsvector_op.c (TS_execute,
 * TS_phrase_execute, TS_phrase_output) of PostgreSQL; tests/integration/help-index.test.ts compares both with the
 * database on every labelled query. docs/design.md#help-search-index says why.
 */

/** A WordEntryPos: the position in the low 14 bits, the weight (D=0 … A=3) in the top two. */
export const posOf = (wep: number) => wep & 0x3fff;
export const weightOf = (wep: number) => wep >> 14;

/** Code point order, which is the byte order of UTF-8 (how PostgreSQL sorts a tsvector's lexemes). */
export function compareLexemes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every other UTF-16 unit in code point order.
    const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x10000 : x;
    const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x10000 : y;
    return sx - sy;
  }
  return a.length - b.length;
}

// ------------------------------------------------------------------------------------------------
// tsvector text

/**
 * The quoted lexeme that starts at `text[i]` (a quote), as tsvectorout writes it and as query.ts's quoteLexeme
 * does: a quote inside is doubled, a backslash escapes the next character. Returns the lexeme and where it ends.
 */
function readQuoted(text: string, i: number): [string, number] | null {
  if (text[i] !== "'") return null;
  i++;
  let lex = '';
  let from = i;
  for (;;) {
    if (i >= text.length) return null;
    const ch = text.charCodeAt(i);
    if (ch === 39 /* ' */) {
      lex += text.slice(from, i);
      if (text.charCodeAt(i + 1) !== 39) return [lex, i + 1];
      lex += "'";
      i += 2;
      from = i;
    } else if (ch === 92 /* \ */) {
      lex += text.slice(from, i) + (text[i + 1] ?? '');
      i += 2;
      from = i;
    } else {
      i++;
    }
  }
}

/**
 * Reads `'lex':1A,2 'other':3` (tsvectorout's text, weight D unwritten), calling `lexeme` for each entry in
 * order and then `position` for each of its positions (WordEntryPos values).
 */
export function scanTsvector(text: string, lexeme: (l: string) => void, position: (wep: number) => void): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    const quoted = readQuoted(text, i);
    if (!quoted) throw new Error(`tsvector: a quoted lexeme expected at ${i}`);
    lexeme(quoted[0]);
    i = quoted[1];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let p = 0;
        const start = i;
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) p = p * 10 + text.charCodeAt(i++) - 48;
        if (i === start) throw new Error('tsvector: position expected');
        let w = 0;
        const letter = text.charCodeAt(i);
        if (letter >= 65 && letter <= 68 /* A-D */) {
          w = 68 - letter;
          i++;
        }
        position((w << 14) | p);
        if (text[i] !== ',') break;
        i++;
      }
    }
  }
}

// ------------------------------------------------------------------------------------------------
// tsquery text

export type QueryNode =
  | { kind: 'val'; id: number; lexeme: string; prefix: boolean; /** bit 1 << weight, 0 for any */ weights: number }
  | { kind: 'and' | 'or'; left: QueryNode; right: QueryNode }
  | { kind: 'phrase'; distance: number; left: QueryNode; right: QueryNode };

export type ParsedQuery = { root: QueryNode; operands: Array<Extract<QueryNode, { kind: 'val' }>> };

export class UnsupportedQuery extends Error {}

/** Parses the tsquery text query.ts builds. Precedence as in PostgreSQL: `<N>` over `&` over `|`, all left to right. */
export function parseTsquery(text: string): ParsedQuery {
  let i = 0;
  const operands: ParsedQuery['operands'] = [];
  const skip = () => {
    while (text[i] === ' ') i++;
  };
  // The position only: the text holds what a customer typed, and this message could reach a log.
  const fail = (what: string): never => {
    throw new UnsupportedQuery(`tsquery: ${what} at ${i}`);
  };
  const primary = (): QueryNode => {
    skip();
    if (text[i] === '(') {
      i++;
      const inner = or();
      skip();
      if (text[i] !== ')') fail('closing parenthesis expected');
      i++;
      return inner;
    }
    const quoted = readQuoted(text, i);
    if (!quoted) return fail('quoted lexeme expected');
    const [lexeme, end] = quoted;
    i = end;
    let prefix = false;
    let weights = 0;
    if (text[i] === ':') {
      i++;
      for (;;) {
        const ch = text[i];
        if (ch === '*') prefix = true;
        else if (ch === 'A' || ch === 'a') weights |= 1 << 3;
        else if (ch === 'B' || ch === 'b') weights |= 1 << 2;
        else if (ch === 'C' || ch === 'c') weights |= 1 << 1;
        else if (ch === 'D' || ch === 'd') weights |= 1 << 0;
        else break;
        i++;
      }
    }
    if (!lexeme) fail('empty lexeme');
    const node = { kind: 'val' as const, id: operands.length, lexeme, prefix, weights };
    operands.push(node);
    return node;
  };
  const phrase = (): QueryNode => {
    let left = primary();
    for (;;) {
      skip();
      const m = /^<(-|\d+)>/.exec(text.slice(i, i + 8));
      if (!m) return left;
      i += m[0].length;
      const distance = m[1] === '-' ? 1 : Number(m[1]);
      const right = primary();
      if (left.kind !== 'val' && left.kind !== 'phrase') fail('a phrase of an operator');
      if (right.kind !== 'val') fail('a phrase of an operator');
      left = { kind: 'phrase', distance, left, right };
    }
  };
  /** Left-associative `op` between operands read by `next`. */
  const chain = (op: '&' | '|', kind: 'and' | 'or', next: () => QueryNode) => (): QueryNode => {
    let left = next();
    for (;;) {
      skip();
      if (text[i] !== op) return left;
      i++;
      left = { kind, left, right: next() };
    }
  };
  const and = chain('&', 'and', phrase);
  const or = chain('|', 'or', and);
  const root = or();
  skip();
  if (i !== text.length) fail('end expected');
  return { root, operands };
}

// ------------------------------------------------------------------------------------------------
// Executing a query: the positions each operand has, in ascending order (WordEntryPos values)

/**
 * Positions (WEP_GETPOS, ascending, no repeats) of one operand, or null when it is absent. `length === 0` never
 * happens with positional vectors.
 */
type Positions = (operand: number) => ArrayLike<number> | null;

type PhraseData = { pos: ArrayLike<number>; width: number };

/** TS_phrase_execute for a chain of operands; null is TS_NO. */
function phraseData(node: QueryNode, get: Positions): PhraseData | null {
  if (node.kind === 'val') {
    const p = get(node.id);
    return p && p.length ? { pos: p, width: 0 } : null;
  }
  if (node.kind !== 'phrase') throw new UnsupportedQuery('an operator inside a phrase');
  const L = phraseData(node.left, get);
  if (!L) return null;
  const R = phraseData(node.right, get);
  if (!R) return null;
  // TS_phrase_output(TSPO_BOTH): positions where Lpos + Loffset == Rpos, a merge join of two ascending lists.
  const Loffset = node.distance + R.width;
  const out: number[] = [];
  let li = 0;
  let ri = 0;
  while (li < L.pos.length && ri < R.pos.length) {
    const lp = L.pos[li] + Loffset;
    const rp = R.pos[ri];
    if (lp < rp) li++;
    else if (lp > rp) ri++;
    else {
      out.push(rp);
      li++;
      ri++;
    }
  }
  return out.length ? { pos: out, width: node.distance + L.width + R.width } : null;
}

/** TS_execute without NOT: whether the query holds, given each operand's positions. */
export function execute(node: QueryNode, get: Positions): boolean {
  switch (node.kind) {
    case 'val': {
      const p = get(node.id);
      return p !== null && p.length > 0;
    }
    case 'and':
      return execute(node.left, get) && execute(node.right, get);
    case 'or':
      return execute(node.left, get) || execute(node.right, get);
    case 'phrase':
      return phraseData(node, get) !== null;
  }
}

// ------------------------------------------------------------------------------------------------
// A document vector as the index keeps it

/**
 * One tsvector inside packed arrays shared by many: its entries are `ids[from .. to)`, lexeme ids in ascending
 * order (ids are given in lexeme order, so this is the tsvector's own entry order), and entry e's positions,
 * ascending, are `wep[starts[e] .. starts[e + 1])`.
 */
export type DocVector = { ids: Int32Array; starts: Uint32Array; wep: Uint16Array; from: number; to: number };

/** The lexeme ids an operand matches: one, or for a prefix a range of the sorted dictionary (hi exclusive). */
export type OperandRange = { lo: number; hi: number };

/** The first entry in ids[lo .. hi) whose id is ≥ id. */
function lowerBound(ids: Int32Array, id: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The entries of `v` an operand matches (find_wordentry), as [first, end) indexes into v.ids. */
export function entriesOf(v: DocVector, r: OperandRange): [number, number] {
  if (r.hi <= r.lo) return [v.from, v.from];
  const first = lowerBound(v.ids, r.lo, v.from, v.to);
  let end = first;
  while (end < v.to && v.ids[end] < r.hi) end++;
  return [first, end];
}

/**
 * `v @@ query` (checkcondition_str): an operand's positions are those of every entry it matches, kept only
 * where the operand's weights allow them, merged in ascending order without repeats.
 */
export function matches(v: DocVector, q: ParsedQuery, ranges: OperandRange[]): boolean {
  const cache: Array<ArrayLike<number> | null | undefined> = new Array(q.operands.length);
  return execute(q.root, (id) => {
    const hit = cache[id];
    if (hit !== undefined) return hit;
    const op = q.operands[id];
    const [first, end] = entriesOf(v, ranges[id]);
    let out: number[] | null = null;
    if (end - first === 1 && !op.weights) {
      // One entry, any weight: its positions as they are (ascending and distinct already).
      out = [];
      for (let k = v.starts[first]; k < v.starts[first + 1]; k++) out.push(posOf(v.wep[k]));
    } else {
      for (let e = first; e < end; e++) {
        for (let k = v.starts[e]; k < v.starts[e + 1]; k++) {
          const wep = v.wep[k];
          if (op.weights && !(op.weights & (1 << weightOf(wep)))) continue;
          (out ??= []).push(posOf(wep));
        }
      }
      if (out && end - first > 1) {
        out.sort((a, b) => a - b);
        out = out.filter((p, k) => k === 0 || p !== out![k - 1]);
      }
    }
    cache[id] = out;
    return out;
  });
}

// ------------------------------------------------------------------------------------------------
// ts_rank_cd

/** ts_rank_cd's default weights {D, C, B, A} as the float4 they are in the server. */
export const DEFAULT_RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0].map(Math.fround);

type DocRow = { pos: number; weight: number; items: number[] };

/**
 * get_docrep: every position of every matching entry, per operand, sorted by (position, weight, entry), rows of
 * the same entry at the same place joined. Sorted as packed numbers: position, weight, entry and operand.
 */
function docRepresentation(v: DocVector, q: ParsedQuery, ranges: OperandRange[]): DocRow[] {
  const keys: number[] = [];
  for (const op of q.operands) {
    const [first, end] = entriesOf(v, ranges[op.id]);
    for (let e = first; e < end; e++) {
      for (let k = v.starts[e]; k < v.starts[e + 1]; k++) {
        const wep = v.wep[k];
        // (pos, weight) is the 16-bit value with the weight moved below the position.
        if (op.weights === 0 || op.weights & (1 << weightOf(wep)))
          keys.push((((posOf(wep) << 2) | weightOf(wep)) * 0x100000 + (e - v.from)) * 256 + op.id);
      }
    }
  }
  if (!keys.length) return [];
  keys.sort((a, b) => a - b);
  const rows: DocRow[] = [];
  let lastPlace = -1;
  for (const key of keys) {
    const place = Math.floor(key / 256); // position, weight and entry
    const item = key - place * 256;
    if (place === lastPlace) rows[rows.length - 1].items.push(item);
    else {
      const pw = Math.floor(place / 0x100000);
      rows.push({ pos: pw >> 2, weight: pw & 3, items: [item] });
      lastPlace = place;
    }
  }
  return rows;
}

/**
 * calc_rank_cd with normalization 0: the sum over covers (shortest stretches that satisfy the query) of
 * their density, as a float4. `weights` is {D, C, B, A}.
 */
export function rankCd(weights: readonly number[], v: DocVector, q: ParsedQuery, ranges: OperandRange[]): number {
  const invws = weights.map((w) => 1.0 / Math.fround(w));
  const n = q.operands.length;
  if (n > 256) throw new UnsupportedQuery('more than 256 operands');
  const doc = docRepresentation(v, q, ranges);
  if (!doc.length) return 0;
  // QueryRepresentationOperand: whether the operand was seen in the current stretch, and its positions there
  // (ascending; the backward scan inserts at the front).
  const exists = new Array<boolean>(n).fill(false);
  const pos: number[][] = Array.from({ length: n }, () => []);
  const touched: number[] = [];
  const reset = () => {
    for (const item of touched) {
      exists[item] = false;
      pos[item] = [];
    }
    touched.length = 0;
  };
  const fill = (row: DocRow, reverse: boolean) => {
    for (const item of row.items) {
      const list = pos[item];
      if (!exists[item]) {
        exists[item] = true;
        touched.push(item);
      }
      if (!list.length) {
        list.push(row.pos);
        continue;
      }
      const last = reverse ? list[0] : list[list.length - 1];
      if (last !== row.pos) {
        if (reverse) list.unshift(row.pos);
        else list.push(row.pos);
      }
    }
  };
  const get: Positions = (id) => (exists[id] ? pos[id] : null);

  let Wdoc = 0.0;
  let extPos = 0;
  for (;;) {
    // Cover(): from extPos up to the first row where the query holds (the cover's end) …
    let found = false;
    let endIdx = 0;
    let extQ = 0;
    let extP = 0x7fffffff;
    let beginIdx = 0;
    let covered = false;
    while (!covered) {
      reset();
      found = false;
      extQ = 0;
      extP = 0x7fffffff;
      let ptr = extPos;
      for (; ptr < doc.length; ptr++) {
        fill(doc[ptr], false);
        if (execute(q.root, get)) {
          if (doc[ptr].pos > extQ) {
            extQ = doc[ptr].pos;
            endIdx = ptr;
            found = true;
          }
          break;
        }
      }
      if (!found) break;
      // … then back down to the first row where it holds again (the cover's beginning).
      reset();
      let back = endIdx;
      for (; back >= extPos; back--) {
        fill(doc[back], true);
        if (execute(q.root, get)) {
          if (doc[back].pos < extP) {
            beginIdx = back;
            extP = doc[back].pos;
          }
          break;
        }
      }
      if (extP <= extQ) {
        extPos = back + 1;
        covered = true;
      } else {
        extPos++;
      }
    }
    if (!found) break;

    let invSum = 0.0;
    for (let k = beginIdx; k <= endIdx; k++) invSum += invws[doc[k].weight];
    const cpos = (endIdx - beginIdx + 1) / invSum;
    let nNoise = extQ - extP - (endIdx - beginIdx);
    if (nNoise < 0) nNoise = Math.trunc((endIdx - beginIdx) / 2);
    Wdoc += cpos / (1 + nNoise);
  }
  return Math.fround(Wdoc);
}

/** A float4 as PostgreSQL prints it (the shortest decimal that reads back as the same float4), as a number. */
export function float4Value(x: number): number {
  const f = Math.fround(x);
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}
