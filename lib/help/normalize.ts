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

export function katakanaToHiragana(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += (c >= 0x30a1 && c <= 0x30f6) || c === 0x30fd || c === 0x30fe ? String.fromCodePoint(c - KANA_OFFSET) : ch;
  }
  return out;
}

/** NFKC + lower case + one kind of white space; the first, reversible-enough step. */
export function foldWidthAndCase(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** A base character with the combining or half-width (semi-)voiced marks that follow it. */
const UNIT_RE = /[\s\S][\u0300-\u036f\u3099\u309a\uff9e\uff9f]*/gu;

/**
 * The full normalization, unit by unit, with an offset map back into the input: `map[i]` is the
 * index in `input` where the character that produced `text[i]` starts (so a highlight found in the
 * normalized text can be cut out of the original). Symbols become a single space; the long-vowel
 * mark (and dashes typed for it) after kana vanish.
 */
export function normalizeWithMap(input: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let prevKana = false;
  for (const m of input.matchAll(UNIT_RE)) {
    const at = m.index ?? 0;
    for (const ch of foldWidthAndCase(m[0])) {
      let out: string;
      if (ch === CHOON || (DASHES.has(ch) && prevKana)) {
        // After kana the mark only lengthens a vowel: drop it. Elsewhere it is a dash: a separator.
        out = prevKana ? '' : ' ';
      } else if (isHiragana(ch)) {
        out = String.fromCodePoint(ch.codePointAt(0)! + KANA_OFFSET);
      } else if (WORD_RE.test(ch) || CJK_RE.test(ch)) {
        out = ch;
      } else {
        out = ' ';
      }
      if (out === ' ') {
        prevKana = false;
        if (text.length === 0 || text.endsWith(' ')) continue;
      }
      if (!out) continue;
      text += out;
      for (let k = 0; k < out.length; k++) map.push(at);
      if (out !== ' ') prevKana = isKatakana(out);
    }
  }
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
