/**
 * Analysis for help search, done in TypeScript so PGlite and PostgreSQL index exactly the same
 * lexemes: no text-search parser, dictionary or locale of the server is involved. Runs of CJK
 * characters become overlapping bigrams (plus the run's last character alone, so one-character
 * searches work as prefix queries); runs of letters and digits become lightly stemmed words.
 */
import { isCjk, isWordChar, normalizeText } from './normalize';

export type Token = {
  lexeme: string;
  pos: number;
  /** bigram: two CJK characters; char: a lone CJK character; word: a Latin-like word. */
  kind: 'bigram' | 'char' | 'word';
  /** The closing single character of a CJK run of two or more (redundant for phrase matching). */
  tail?: boolean;
};

/** PostgreSQL keeps positions 1..16383 and at most 256 positions per lexeme. */
export const MAX_POS = 16383;
const MAX_POSITIONS_PER_LEXEME = 255;
const MAX_LEXEME_CHARS = 100;

/**
 * A tiny English stemmer (Porter step 1 in spirit) so passkeys ≡ passkey, locked ≡ lock,
 * changing ≡ change. Both sides use it, so its quirks cancel out.
 */
export function stem(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length <= 3) return word;
  let w = word;
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  // A doubled final consonant left by -ing/-ed (logged → logg → log).
  if (w.length > 3 && /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w;
}

/** Tokens of already-normalized text, positions starting at `start`. */
export function tokenizeNormalized(text: string, start = 1): { tokens: Token[]; next: number } {
  const tokens: Token[] = [];
  let pos = start;
  const chars = Array.from(text);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i];
    if (isCjk(ch)) {
      let j = i;
      while (j < chars.length && isCjk(chars[j])) j++;
      const run = chars.slice(i, j);
      if (run.length === 1) {
        tokens.push({ lexeme: run[0], pos, kind: 'char' });
      } else {
        for (let k = 0; k < run.length - 1; k++)
          tokens.push({ lexeme: run[k] + run[k + 1], pos: pos + k, kind: 'bigram' });
        tokens.push({ lexeme: run[run.length - 1], pos: pos + run.length - 1, kind: 'char', tail: true });
      }
      pos += run.length;
      i = j;
    } else if (isWordChar(ch)) {
      let j = i;
      while (j < chars.length && isWordChar(chars[j])) j++;
      const word = chars.slice(i, j).join('').slice(0, MAX_LEXEME_CHARS);
      tokens.push({ lexeme: stem(word), pos, kind: 'word' });
      pos += 1;
      i = j;
    } else {
      i++;
    }
  }
  return { tokens, next: pos };
}

export function tokenize(raw: string, start = 1): { tokens: Token[]; next: number } {
  return tokenizeNormalized(normalizeText(raw), start);
}

/** A lexeme quoted for a tsvector/tsquery literal: the literal is data, never parsed as syntax. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export type Weight = 'A' | 'B' | 'C' | 'D';
export type Field = { text: string; weight: Weight };

/** Fields are kept apart by a gap so a phrase never matches across two of them. */
const FIELD_GAP = 8;

/**
 * The tsvector literal of a document, passed to SQL as `$1::tsvector`. Each field's text is
 * normalized and tokenized; positions run on across fields with a gap; a lexeme keeps its
 * heaviest weight at each position.
 */
export function buildTsvector(fields: Field[]): string {
  const lexemes = new Map<string, Map<number, Weight>>();
  let pos = 1;
  for (const field of fields) {
    const { tokens, next } = tokenize(field.text, pos);
    for (const t of tokens) {
      const p = Math.min(t.pos, MAX_POS);
      let positions = lexemes.get(t.lexeme);
      if (!positions) lexemes.set(t.lexeme, (positions = new Map()));
      const prev = positions.get(p);
      if (!prev || field.weight < prev) positions.set(p, field.weight);
    }
    pos = Math.min(next + FIELD_GAP, MAX_POS);
  }
  const parts: string[] = [];
  for (const lexeme of [...lexemes.keys()].sort()) {
    const positions = [...lexemes.get(lexeme)!.entries()]
      .sort((a, b) => a[0] - b[0])
      .slice(0, MAX_POSITIONS_PER_LEXEME);
    parts.push(`${quoteLexeme(lexeme)}:${positions.map(([p, w]) => `${p}${w}`).join(',')}`);
  }
  return parts.join(' ');
}
