/**
 * Text normalization shared by the index and the query side of help search. Both sides must agree
 * exactly, so everything that makes two spellings "the same" lives here:
 * NFKC (ﾊﾟｽｷｰ → パスキー, ｐａｓｓｋｅｙ → passkey), lower case, hiragana → katakana (ぱすきー → パスキー),
 * and the long-vowel mark dropped after katakana (パスキー ≡ パスキ, コンピューター ≡ コンピュータ).
 */

const HIRA_FIRST = 0x3041; // ぁ
const HIRA_LAST = 0x3096; // ゖ
const KANA_OFFSET = 0x60;
const CHOON = 'ー';
/** Dash-like characters people type instead of ー after katakana (パスキ-, パスキ−). */
const DASHES = new Set(['-', '‐', '‑', '‒', '–', '—', '―', '−', '〜', '~', 'ｰ', '～']);

export function isKatakana(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fd || c === 0x30fe || (c >= 0x31f0 && c <= 0x31ff);
}

export function isHiragana(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= HIRA_FIRST && c <= HIRA_LAST) || c === 0x309d || c === 0x309e;
}

const CJK_RE = /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}々〆]/u;
const WORD_RE = /[\p{L}\p{N}]/u;

/** A character of a CJK run (indexed as overlapping bigrams). */
export function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** A character of a Latin-like word (letters and digits of every other script). */
export function isWordChar(ch: string): boolean {
  return WORD_RE.test(ch) && !CJK_RE.test(ch);
}

export function hiraganaToKatakana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += isHiragana(ch) ? String.fromCodePoint(c + KANA_OFFSET) : ch;
  }
  return out;
}

/** NFKC + lower case + one kind of white space; the first, reversible-enough step. */
export function foldWidthAndCase(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** Combining and half-width (semi-)voiced marks belong to the character before them. */
const isMark = (c: number) =>
  (c >= 0x300 && c <= 0x36f) || c === 0x3099 || c === 0x309a || c === 0xff9e || c === 0xff9f;
/** Characters NFKC and lower-casing leave alone (most of an article): skip String#normalize for them. */
const isPlain = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x3041 && c <= 0x3096) ||
  (c >= 0x30a1 && c <= 0x30fa) ||
  c === 0x30fc ||
  (c >= 0x4e00 && c <= 0x9fff);

/**
 * The full normalization, unit by unit, with an offset map back into the input: `map[i]` is the
 * index in `input` where the character that produced `text[i]` starts (so a highlight found in the
 * normalized text can be cut out of the original). Symbols become a single space; the long-vowel
 * mark (and dashes typed for it) after kana vanish.
 */
export function normalizeWithMap(input: string): { text: string; map: number[] } {
  const out: string[] = [];
  const map: number[] = [];
  let prevKana = false;
  let lastSpace = true;
  const emit = (ch: string, at: number) => {
    let o: string;
    const c = ch.charCodeAt(0);
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x4e00 && c <= 0x9fff)) {
      out.push(ch);
      map.push(at);
      lastSpace = false;
      prevKana = false;
      return;
    }
    if (c >= 0x30a1 && c <= 0x30fa) {
      out.push(ch);
      map.push(at);
      lastSpace = false;
      prevKana = true;
      return;
    }
    if (ch === CHOON || (prevKana && DASHES.has(ch))) {
      // After kana the mark only lengthens a vowel: drop it. Elsewhere it is a dash: a separator.
      o = prevKana ? '' : ' ';
    } else if (isHiragana(ch)) {
      o = String.fromCodePoint(ch.codePointAt(0)! + KANA_OFFSET);
    } else if (WORD_RE.test(ch) || CJK_RE.test(ch)) {
      o = ch;
    } else {
      o = ' ';
    }
    if (o === ' ') {
      prevKana = false;
      if (lastSpace) return;
      lastSpace = true;
    } else if (o) {
      lastSpace = false;
      prevKana = isKatakana(o);
    } else {
      return;
    }
    out.push(o);
    for (let k = 0; k < o.length; k++) map.push(at);
  };
  let i = 0;
  while (i < input.length) {
    const c = input.codePointAt(i)!;
    const len = c > 0xffff ? 2 : 1;
    let j = i + len;
    while (j < input.length && isMark(input.charCodeAt(j))) j++;
    if (j === i + len && isPlain(c)) {
      emit(input.slice(i, j), i);
    } else if (j === i + len && c >= 0x41 && c <= 0x5a) {
      emit(String.fromCharCode(c + 32), i);
    } else {
      for (const ch of foldWidthAndCase(input.slice(i, j))) emit(ch, i);
    }
    i = j;
  }
  let text = out.join('');
  if (text.endsWith(' ')) {
    text = text.slice(0, -1);
    map.pop();
  }
  return { text, map };
}

/** Normalized form used for every comparison in help search. */
export function normalizeText(input: string): string {
  return normalizeWithMap(input).text;
}
