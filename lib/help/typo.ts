/**
 * Typo tolerance: one wrong, missing, extra or swapped character in a longer word (パスワート,
 * ログイソ, 生態認証, pasword) is corrected against the vocabulary of the articles — the words of
 * their titles, tags and summaries plus the synonym table. The vocabulary is cached per process
 * and rebuilt when the articles change (count or newest updated_at).
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { foldWidthAndCase, isCjk, isHiragana, isKatakana, normalizeText } from './normalize';
import { SYNONYM_GROUPS } from './synonyms';

export type VocabEntry = { norm: string; display: string; df: number };
export type Vocabulary = Map<string, VocabEntry>;

type Script = 'kana' | 'han' | 'latin';
type RawScript = 'hira' | 'kata' | 'han' | 'latin';

function rawScriptOf(ch: string): RawScript | null {
  if (isHiragana(ch)) return 'hira';
  if (isKatakana(ch)) return 'kata';
  if (isCjk(ch)) return 'han';
  if (/[\p{L}\p{N}]/u.test(ch)) return 'latin';
  return null;
}

function scriptOf(norm: string): Script | null {
  const s = rawScriptOf(norm[0] ?? '');
  return s === 'hira' || s === 'kata' ? 'kana' : s;
}

/** Minimum length of a word before a one-character difference is treated as a typo. */
const MIN_LEN: Record<Script, number> = { kana: 4, han: 3, latin: 5 };

export type Run = { norm: string; start: number; end: number; script: Script; hiragana: boolean };

/**
 * Maximal runs of one script in `text` (NFKC'd and lower-cased first), as normalized words with
 * their place in `text`. Hiragana and katakana form one run when `joinKana` (a query typed in
 * hiragana), and separate runs otherwise (in an article, hiragana is grammar, not a word).
 */
export function scriptRuns(text: string, joinKana: boolean): Run[] {
  const out: Run[] = [];
  const chars: Array<{ ch: string; at: number }> = [];
  for (const m of text.matchAll(/[\s\S][\u3099\u309a\uff9e\uff9f]*/gu)) {
    for (const ch of foldWidthAndCase(m[0])) chars.push({ ch, at: m.index ?? 0 });
  }
  const cls = (k: number): string | null => {
    const ch = chars[k].ch;
    if (ch === 'ー' && k > 0) return cls(k - 1);
    const s = rawScriptOf(ch);
    return joinKana && (s === 'hira' || s === 'kata') ? 'kana' : s;
  };
  let i = 0;
  while (i < chars.length) {
    const c = cls(i);
    if (!c) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < chars.length && cls(j) === c) j++;
    const start = chars[i].at;
    const end = j < chars.length ? chars[j].at : text.length;
    const norm = normalizeText(text.slice(start, end));
    if (norm) out.push({ norm, start, end, script: scriptOf(norm)!, hiragana: c === 'hira' });
    i = j;
  }
  return out;
}

/** Optimal-string-alignment distance, capped: returns max + 1 as soon as it is exceeded. */
export function osaDistance(a: string, b: string, max = 2): number {
  const A = Array.from(a);
  const B = Array.from(b);
  if (Math.abs(A.length - B.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= A.length; i++) {
    rows.push(new Array<number>(B.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= B.length; j++) rows[0][j] = j;
  for (let i = 1; i <= A.length; i++) {
    let rowMin = Infinity;
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) v = Math.min(v, rows[i - 2][j - 2] + 1);
      rows[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return rows[A.length][B.length];
}

/** Adds the words of `text` (katakana, kanji and Latin runs long enough to correct towards). */
function addWords(vocab: Vocabulary, text: string, seen: Set<string>): void {
  for (const run of scriptRuns(text, false)) {
    if (run.hiragana || Array.from(run.norm).length < MIN_LEN[run.script] - 1) continue;
    const entry = vocab.get(run.norm);
    if (!entry) vocab.set(run.norm, { norm: run.norm, display: text.slice(run.start, run.end), df: 1 });
    else if (!seen.has(run.norm)) entry.df++;
    seen.add(run.norm);
  }
}

export function buildVocabulary(docs: Array<{ title: string; tags: string[]; summary: string }>): Vocabulary {
  const vocab: Vocabulary = new Map();
  for (const d of docs) {
    const seen = new Set<string>();
    for (const t of [d.title, d.summary, ...d.tags]) addWords(vocab, t, seen);
  }
  for (const g of SYNONYM_GROUPS) {
    for (const f of [...g.forms, ...(g.spoken ?? [])]) {
      const norm = normalizeText(f);
      if (/\s/.test(norm) || !norm) continue;
      if (!vocab.has(norm)) vocab.set(norm, { norm, display: f, df: 1 });
    }
  }
  return vocab;
}

/** Per database and language. The articles' version is checked at most every VOCAB_RECHECK_MS. */
const vocabularies = new WeakMap<Db, Map<string, { version: string; vocab: Vocabulary; checkedAt: number }>>();
const VOCAB_RECHECK_MS = 10_000;

/** Drops the vocabularies of `db` (the articles were just written). */
export function forgetVocabulary(db: Db): void {
  vocabularies.delete(db);
}

/**
 * The vocabulary of one language, rebuilt only when the articles changed: at once after a write
 * in this process (forgetVocabulary), within VOCAB_RECHECK_MS after one in another process.
 */
export async function getVocabulary(db: Db, lang: string): Promise<Vocabulary> {
  let cache = vocabularies.get(db);
  if (!cache) vocabularies.set(db, (cache = new Map()));
  const hit = cache.get(lang);
  if (hit && Date.now() - hit.checkedAt < VOCAB_RECHECK_MS) return hit.vocab;
  const [v] = await queryRows<{ n: string | number; m: string | Date | null }>(
    db,
    sql`select count(*) as n, max(updated_at) as m from help_articles where lang = ${lang}`,
  );
  const version = `${v?.n}:${v?.m ? new Date(v.m).toISOString() : ''}`;
  if (hit && hit.version === version) {
    hit.checkedAt = Date.now();
    return hit.vocab;
  }
  const docs = await queryRows<{ title: string; tags: string[] | string; summary: string }>(
    db,
    sql`select title, tags, summary from help_articles where lang = ${lang}`,
  );
  const vocab = buildVocabulary(docs.map((d) => ({ ...d, tags: parsePgArray(d.tags) })));
  cache.set(lang, { version, vocab, checkedAt: Date.now() });
  return vocab;
}

/** text[] comes back as a JS array from both drivers; a literal `{a,b}` is handled just in case. */
function parsePgArray(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  const inner = v.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((s) => s.replace(/^"|"$/g, '')) : [];
}

/** The closest known word within `max` edits (most frequent first, then alphabetical), if any. */
export function nearestWord(vocab: Vocabulary, word: string, max = 1): VocabEntry | null {
  let best: { e: VocabEntry; d: number } | null = null;
  for (const e of vocab.values()) {
    if (e.norm === word) return null;
    const d = osaDistance(word, e.norm, max);
    if (d > max || d === 0) continue;
    if (scriptOf(e.norm) !== scriptOf(word)) continue;
    if (!best || d < best.d || (d === best.d && (e.df > best.e.df || (e.df === best.e.df && e.norm < best.e.norm))))
      best = { e, d };
  }
  return best?.e ?? null;
}

/**
 * Corrections of the unknown words in the customer's terms: `[start, end, replacement]` triples in
 * the coordinates of `raw`, where `spans` says where each term was typed.
 */
export function correctTerms(
  vocab: Vocabulary,
  raw: string,
  spans: Array<[number, number]>,
): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  for (const [s, e] of spans) {
    for (const run of scriptRuns(raw.slice(s, e), true)) {
      if (Array.from(run.norm).length < MIN_LEN[run.script] || vocab.has(run.norm)) continue;
      const fix = nearestWord(vocab, run.norm, 1);
      if (fix) out.push([s + run.start, s + run.end, fix.display]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Applies corrections to `raw`. */
export function applyCorrections(raw: string, fixes: Array<[number, number, string]>): string {
  let out = '';
  let at = 0;
  for (const [s, e, r] of fixes) {
    if (s < at) continue;
    out += raw.slice(at, s) + r;
    at = e;
  }
  return out + raw.slice(at);
}

/** Known words close to an unknown one (for 「もしかして」 when nothing matched). */
export function similarWords(vocab: Vocabulary, word: string, limit = 3): string[] {
  const len = Array.from(word).length;
  const script = scriptOf(word);
  if (!script || len < (script === 'latin' ? 5 : 3)) return [];
  const max = len >= 6 ? 2 : 1;
  const scored: Array<{ e: VocabEntry; d: number }> = [];
  for (const e of vocab.values()) {
    if (e.norm === word || scriptOf(e.norm) !== script) continue;
    const d = e.norm.startsWith(word) ? 0.5 : osaDistance(word, e.norm, max);
    if (d <= max) scored.push({ e, d });
  }
  scored.sort((a, b) => a.d - b.d || b.e.df - a.e.df || (a.e.norm < b.e.norm ? -1 : 1));
  return [...new Set(scored.map((x) => x.e.display))].slice(0, limit);
}
