/**
 * From what a customer typed to what the index is asked. Synonyms are found first (on the
 * normalized text, longest spelling first); what is left is cut by Intl.Segmenter only to drop
 * function words (を, できない, ました …); the remaining pieces are search terms. Each concept
 * becomes an OR of phrase queries (bigram chains with <N>); concepts are ANDed, with fallbacks.
 */
import { tokenizeNormalized, quoteLexeme } from './analyze';
import { foldWidthAndCase, isHiragana, isCjk, normalizeText, normalizeWithMap } from './normalize';
import { SYNONYM_GROUPS } from './synonyms';

/** Longer input is cut here: nobody types more into a help search box, and the tsquery stays small. */
export const MAX_QUERY_CHARS = 200;
const MAX_CONCEPTS = 8;

export type Concept = {
  /** What the customer wrote (normalized), for highlighting and suggestions. */
  text: string;
  /** Synonym group id, or null for a plain term. */
  group: string | null;
  /** Spellings equivalent to the customer's (normalized). */
  strict: string[];
  /** Also searched, ranked lower in titles: the related groups' spellings. */
  broad: string[];
  /** Soft concepts only add to the ranking. */
  required: boolean;
  /** Weight in the ranking: 1 for a required concept, less for a soft one. */
  weight: number;
  /** Where a plain term was typed, in `ParsedQuery.raw` (for 「もしかして」 corrections). */
  span?: [number, number];
};

export type ParsedQuery = {
  /** The input, cut to MAX_QUERY_CHARS. */
  raw: string;
  /** Truncated, NFKC'd, lower-cased input with single spaces (what is logged). */
  display: string;
  /** Fully normalized input (katakana, no long-vowel marks). */
  normalized: string;
  concepts: Concept[];
};

/** Function words written in hiragana (compared before kana folding). */
const FUNCTION_WORDS = new Set(
  `
を に が は で と も の へ や か ね よ な ぞ さ わ ば て た だ し れ る う い え っ ん ず ぬ せ ら り く
から まで より など だけ しか ので のに けど けれど けれども ながら って とか
です でした でしょ でしょう ます ました ません ませ せん まし ない なく なかっ なかった なる なっ なり なった なれ
いる いま いた いて います いません ある あり あっ いう いっ おり
する し した して したい したら します しま せる させ される された され れる られる られ れた
たい たく たら たり ため でき できる できない できな できず できません できなく できなかった できなくなった
でし よう みたい らしい ちゃ ちゃう ちゃっ ちゃった しまう しまっ しまった しまい ください くれ くる
どう どうし どうすれ どうすれば どうしたら どうやって どうやっ どの どれ なん なに いつ どこ
ほしい たいです こと もの とき ところ 場合 時 際 について 何 こちら これ それ あれ この その
`
    .trim()
    .split(/\s+/),
);

const EN_STOP_WORDS = new Set(
  `
a an the to of for in on at by is are was were be been am do does did i my me we our you your it its this that these those
can cant cannot not no will would should could with from and or if when where which who whom please help hi hello there
have has had get got just so too very also any some all about into out up as
`
    .trim()
    .split(/\s+/),
);

type Form = { norm: string; group: string; latinStart: boolean; latinEnd: boolean };

const isLatinChar = (ch: string | undefined) => Boolean(ch && /[\p{L}\p{N}]/u.test(ch) && !isCjk(ch));

const FORMS: Form[] = (() => {
  const seen = new Set<string>();
  const out: Form[] = [];
  for (const g of SYNONYM_GROUPS) {
    for (const f of [...g.forms, ...(g.spoken ?? [])]) {
      const norm = normalizeText(f);
      if (!norm || seen.has(norm)) continue;
      seen.add(norm);
      out.push({ norm, group: g.id, latinStart: isLatinChar(norm[0]), latinEnd: isLatinChar(norm.at(-1)) });
    }
  }
  return out.sort((a, b) => b.norm.length - a.norm.length || (a.norm < b.norm ? -1 : 1));
})();

const FORMS_BY_FIRST = new Map<string, Form[]>();
for (const f of FORMS) {
  const first = f.norm[0];
  if (!FORMS_BY_FIRST.has(first)) FORMS_BY_FIRST.set(first, []);
  FORMS_BY_FIRST.get(first)!.push(f);
}

const GROUPS = new Map(SYNONYM_GROUPS.map((g) => [g.id, g]));

function groupForms(id: string): string[] {
  return [...new Set((GROUPS.get(id)?.forms ?? []).map(normalizeText).filter(Boolean))];
}

/** The synonym concept of a group: its article words strictly, related groups' words broadly. */
export function groupConcept(id: string, text: string): Concept {
  const g = GROUPS.get(id)!;
  const strict = groupForms(id);
  const broad = [...new Set([...strict, ...(g.related ?? []).flatMap(groupForms)])];
  return { text, group: id, strict, broad, required: !g.soft, weight: g.soft ?? g.weight ?? 1 };
}

/** Non-overlapping synonym spellings in normalized text, leftmost first, longest at each place. */
export function findSynonyms(norm: string): Array<{ start: number; end: number; group: string }> {
  const out: Array<{ start: number; end: number; group: string }> = [];
  let i = 0;
  while (i < norm.length) {
    const candidates = FORMS_BY_FIRST.get(norm[i]);
    let hit: { group: string; end: number } | undefined;
    if (candidates) {
      for (const f of candidates) {
        if (!norm.startsWith(f.norm, i)) continue;
        // Latin spellings must be whole words ("id" is not in "android"), give or take an inflection.
        if (f.latinStart && isLatinChar(norm[i - 1])) continue;
        let end = i + f.norm.length;
        if (f.latinEnd && isLatinChar(norm[end])) {
          const suffix = /^(?:s|es|d|ed|ing)/.exec(norm.slice(end));
          if (!suffix || isLatinChar(norm[end + suffix[0].length])) continue;
          end += suffix[0].length;
        }
        hit = { group: f.group, end };
        break;
      }
    }
    if (hit) {
      out.push({ start: i, end: hit.end, group: hit.group });
      i = hit.end;
    } else {
      i++;
    }
  }
  return out;
}

const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });

const allHiragana = (s: string) => s.length > 0 && Array.from(s).every(isHiragana);

export type TermPiece = { norm: string; start: number; end: number };

/**
 * Content pieces of a stretch of the customer's text: Intl.Segmenter splits it, function words are
 * dropped, and adjacent kept segments are joined again (ICU splits パスキー into パス|キー).
 * Offsets are into `text`, so a correction can be put back where the customer typed it.
 */
export function contentTerms(text: string): TermPiece[] {
  const segs = Array.from(segmenter.segment(text));
  const folded = segs.map((s) => foldWidthAndCase(s.segment));
  const terms: TermPiece[] = [];
  let from = -1;
  let to = -1;
  const push = () => {
    if (from >= 0) {
      const norm = normalizeText(text.slice(from, to));
      // Symbols inside a piece (パスキー/削除) still separate words.
      let offset = from;
      for (const part of norm.split(' ').filter(Boolean)) {
        terms.push({ norm: part, start: offset, end: to });
        offset = to;
      }
    }
    from = to = -1;
  };
  const single = (j: number) =>
    j >= 0 && j < segs.length && Array.from(folded[j]).length === 1 && allHiragana(folded[j]);
  for (let k = 0; k < segs.length; k++) {
    const f = folded[k];
    if (!segs[k].isWordLike) {
      push();
      continue;
    }
    let drop = false;
    if (allHiragana(f)) {
      // ICU cuts words it doesn't know into single kana (ろ|ぐ|い|ん): a run of three or more is a word.
      let runStart = k;
      while (single(runStart - 1)) runStart--;
      let runEnd = k;
      while (single(runEnd + 1)) runEnd++;
      let unknownKana = false;
      for (let j = runStart; j <= runEnd; j++) if (!FUNCTION_WORDS.has(folded[j])) unknownKana = true;
      const inUnknownWord = Array.from(f).length === 1 && runEnd - runStart >= 2 && unknownKana;
      drop = !inUnknownWord && FUNCTION_WORDS.has(f);
    } else if (/^[a-z]+$/.test(f) && EN_STOP_WORDS.has(f)) {
      drop = true;
    } else if (FUNCTION_WORDS.has(f)) {
      drop = true;
    }
    if (drop) {
      push();
      continue;
    }
    if (from < 0) from = segs[k].index;
    to = segs[k].index + segs[k].segment.length;
  }
  push();
  return terms;
}

/** Parses a query; the same input always gives the same concepts in the same order. */
export function parseQuery(raw: string): ParsedQuery {
  const cut = Array.from(raw ?? '')
    .slice(0, MAX_QUERY_CHARS)
    .join('');
  const display = foldWidthAndCase(cut)
    .replace(/[\p{C}\s]+/gu, ' ')
    .trim();
  const { text: normalized, map } = normalizeWithMap(cut);
  const concepts: Concept[] = [];
  const byKey = new Map<string, Concept>();
  const add = (c: Concept) => {
    const key = c.group ?? `t:${c.text}`;
    if (byKey.has(key)) return;
    byKey.set(key, c);
    concepts.push(c);
  };
  const gap = (from: number, to: number) => {
    if (to <= from) return;
    // Back to the original characters (before kana folding) so the segmenter sees real Japanese.
    const start = map[from];
    const end = to < map.length ? map[to] : cut.length;
    for (const t of contentTerms(cut.slice(start, end))) {
      add({
        text: t.norm,
        group: null,
        strict: [t.norm],
        broad: [t.norm],
        required: true,
        weight: 1,
        span: [start + t.start, start + t.end],
      });
    }
  };
  let at = 0;
  for (const s of findSynonyms(normalized)) {
    gap(at, s.start);
    add(groupConcept(s.group, normalized.slice(s.start, s.end)));
    at = s.end;
  }
  gap(at, normalized.length);

  // A lone kanji or kana (使 of 使えない) or a short number narrows nothing down: it only counts if it is all there is.
  const weak = (c: Concept) =>
    c.group === null && ((Array.from(c.text).length === 1 && isCjk(c.text)) || /^\d{1,2}$/.test(c.text));
  if (concepts.some((c) => !weak(c))) {
    for (const c of concepts) {
      if (weak(c)) {
        c.required = false;
        c.weight = 0.2;
      }
    }
  }
  // Only soft words (「忘れた」): then they are what the customer is looking for.
  if (!concepts.some((c) => c.required)) for (const c of concepts) c.required = true;
  return { raw: cut, display, normalized, concepts: concepts.slice(0, MAX_CONCEPTS) };
}

// ---------------------------------------------------------------------------------------------
// tsquery building

/**
 * A phrase query for one normalized spelling: bigrams and words chained with their exact distance
 * (`'パス' <-> 'スキ'`), a lone CJK character as a prefix (`'顔':*`). `prefix` lets the customer's own
 * Latin words match longer ones (pass → password). `weights` restricts to fields (e.g. 'A').
 */
export function phraseTsquery(
  norm: string,
  opts: { prefix?: boolean; weights?: string; loose?: boolean } = {},
): string | null {
  const tokens = tokenizeNormalized(norm).tokens.filter((t) => !t.tail);
  if (!tokens.length) return null;
  const w = opts.weights ?? '';
  const lex = (t: (typeof tokens)[number]) => {
    if (t.kind === 'char') return `${quoteLexeme(t.lexeme)}:*${w}`;
    if (t.kind === 'word' && opts.prefix && t.lexeme.length >= 3) return `${quoteLexeme(t.lexeme)}:*${w}`;
    return w ? `${quoteLexeme(t.lexeme)}:${w}` : quoteLexeme(t.lexeme);
  };
  if (tokens.length === 1) return lex(tokens[0]);
  if (opts.loose) return `(${tokens.map(lex).join(' & ')})`;
  let out = lex(tokens[0]);
  for (let k = 1; k < tokens.length; k++) {
    const d = tokens[k].pos - tokens[k - 1].pos;
    out += d === 1 ? ` <-> ${lex(tokens[k])}` : ` <${d}> ${lex(tokens[k])}`;
  }
  return `(${out})`;
}

/**
 * A concept as a tsquery: an OR of its spellings. Matching uses the strict spellings (a related
 * group's words — スマートフォン for 機種変更 — only rank, they never make an article match).
 */
export function conceptTsquery(
  c: Concept,
  opts: { variants?: 'strict' | 'broad'; weights?: string; loose?: boolean } = {},
): string | null {
  const forms = opts.variants === 'broad' ? c.broad : c.strict;
  const parts = [
    ...new Set(
      forms
        .map((f) => phraseTsquery(f, { prefix: c.group === null, weights: opts.weights, loose: opts.loose }))
        .filter((p): p is string => Boolean(p)),
    ),
  ];
  if (!parts.length) return null;
  return parts.length === 1 ? parts[0] : `(${parts.join(' | ')})`;
}

export type MatchMode = 'all' | 'loose' | 'any';

/** The tsquery that decides which articles match, or null when nothing searchable is left. */
export function matchTsquery(q: ParsedQuery, mode: MatchMode): string | null {
  const required = q.concepts.filter((c) => c.required);
  const parts = required
    .map((c) => conceptTsquery(c, { loose: mode === 'loose' }))
    .filter((p): p is string => Boolean(p));
  if (!parts.length) return null;
  return parts.join(mode === 'any' ? ' | ' : ' & ');
}

/**
 * A small query for ts_rank_cd (whose cost grows with the query): each concept by the customer's
 * own spelling and its group's main one. Matching still uses every synonym.
 */
export function rankTsquery(q: ParsedQuery): string | null {
  const parts = q.concepts
    .map((c) => conceptTsquery({ ...c, strict: [...new Set([c.text, c.strict[0]])] }))
    .filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' | ') : null;
}

/** Normalized spellings worth highlighting in a snippet: what was typed and its close synonyms. */
export function highlightTerms(q: ParsedQuery): string[] {
  return [...new Set(q.concepts.flatMap((c) => [c.text, ...c.strict]))].filter((t) => t.length > 0);
}
