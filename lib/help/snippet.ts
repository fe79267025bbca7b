/**
 * Highlighted snippets. Matches are found on the normalized text (so ぱすきー highlights パスキー)
 * and cut out of the original text through the offset map. The result is a list of parts — the
 * page renders them as React text and <mark> elements; the JSON API gets HTML built by escaping
 * every part first and only then wrapping matches in <mark>.
 */
import { isCjk, normalizeWithMap } from './normalize';

export type SnippetPart = { text: string; mark: boolean };

const isLatin = (ch: string | undefined) => Boolean(ch && /[\p{L}\p{N}]/u.test(ch) && !isCjk(ch));

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function partsToHtml(parts: SnippetPart[]): string {
  return parts.map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}

/** Intervals [start, end) of normalized text where any term occurs; Latin terms only as whole words. */
function findMatches(norm: string, terms: string[]): Array<{ start: number; end: number; term: number }> {
  const hits: Array<{ start: number; end: number; term: number }> = [];
  terms.forEach((term, ti) => {
    if (!term) return;
    let from = 0;
    for (;;) {
      const at = norm.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      let end = at + term.length;
      if (isLatin(term[0]) && isLatin(norm[at - 1])) continue;
      if (isLatin(term.at(-1))) {
        // passkey highlights passkeys; pass (typed by the customer) highlights password.
        let e = end;
        while (isLatin(norm[e])) e++;
        if (e - end > 6) continue;
        end = e;
      }
      hits.push({ start: at, end, term: ti });
    }
  });
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof hits = [];
  for (const h of hits) {
    const last = merged.at(-1);
    if (last && h.start <= last.end) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  // Each merged match keeps the term of the first (longest) hit at its start.
  const termAt = new Map<number, number>();
  for (const h of hits) if (!termAt.has(h.start)) termAt.set(h.start, h.term);
  return merged.map((m) => ({ ...m, term: termAt.get(m.start) ?? 0 }));
}

/**
 * The best window of `text` (about `maxChars` long) with the terms marked. Terms are normalized
 * spellings (see normalizeText). Without a match the window starts at the beginning.
 */
export function highlight(text: string, terms: string[], maxChars = 120): SnippetPart[] {
  return highlightPrepared(prepareSnippetText(text), terms, maxChars);
}

/** A text ready to be highlighted any number of times: cleaned, normalized, with its offset map. */
export type PreparedText = { source: string; norm: string; map: ArrayLike<number> };

export function prepareSnippetText(text: string): PreparedText {
  // Blocks (headings, paragraphs, list items) stay on their own lines until the output.
  const source = text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
  const { text: norm, map } = normalizeWithMap(source);
  // Kept in the search's article cache: 4 bytes an offset instead of a JS array's 8.
  return { source, norm, map: Int32Array.from(map) };
}

/** highlight() of a text prepared once (the search keeps recent articles prepared). */
export function highlightPrepared(prepared: PreparedText, terms: string[], maxChars = 120): SnippetPart[] {
  const { source, norm, map } = prepared;
  if (!source) return [];
  const hits = findMatches(
    norm,
    [...new Set(terms)].sort((a, b) => b.length - a.length),
  );
  const toOrig = (n: number) => (n >= map.length ? source.length : map[n]);

  let winStart = 0;
  let winEnd = source.length;
  if (source.length > maxChars) {
    // Windows start at the sentence of a hit (or a little before the hit in a long sentence);
    // the one holding the most different terms, then the most hits, wins.
    let best = { start: 0, distinct: -1, count: -1 };
    for (const h of hits) {
      const at = toOrig(h.start);
      const sentence = sentenceStart(source, at);
      const start = at - sentence <= maxChars * 0.4 ? sentence : Math.max(0, at - Math.floor(maxChars / 5));
      let distinct = 0;
      let count = 0;
      const seen = new Set<number>();
      // Hits are sorted and do not overlap: only those from the first at or after `start` can be in the window.
      let lo = 0;
      let hi = hits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (toOrig(hits[mid].start) < start) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < hits.length && toOrig(hits[i].start) <= start + maxChars; i++) {
        const x = hits[i];
        if (toOrig(x.end) > start + maxChars) continue;
        count++;
        if (!seen.has(x.term)) {
          seen.add(x.term);
          distinct++;
        }
      }
      if (distinct > best.distinct || (distinct === best.distinct && count > best.count))
        best = { start, distinct, count };
    }
    winStart = best.start;
    winEnd = Math.min(source.length, winStart + maxChars);
    // End at a sentence end when one is near.
    const tail = source.slice(winStart + Math.floor(maxChars * 0.7), winEnd);
    const stop = Math.max(tail.lastIndexOf('。'), tail.lastIndexOf('\n'));
    if (winEnd < source.length && stop >= 0) winEnd = winStart + Math.floor(maxChars * 0.7) + stop + 1;
  }

  const parts: SnippetPart[] = [];
  const pushText = (raw: string, mark: boolean) => {
    const s = raw.replace(/\n/g, ' ');
    if (!s) return;
    const last = parts.at(-1);
    if (last && last.mark === mark) last.text += s;
    else parts.push({ text: s, mark });
  };
  if (winStart > 0) pushText('…', false);
  let at = winStart;
  for (const h of hits) {
    const s = Math.max(toOrig(h.start), winStart);
    const e = Math.min(toOrig(h.end), winEnd);
    if (e <= s || s < at) continue;
    pushText(source.slice(at, s), false);
    pushText(source.slice(s, e), true);
    at = e;
  }
  pushText(source.slice(at, winEnd).trimEnd(), false);
  if (winEnd < source.length && !/[。\n]$/.test(source.slice(0, winEnd))) pushText('…', false);
  return parts;
}

const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '\n']);

/** Where the sentence (or block) holding `at` begins. */
function sentenceStart(source: string, at: number): number {
  for (let i = at - 1; i >= 0; i--) {
    if (SENTENCE_END.has(source[i]) || (source[i] === ' ' && source[i - 1] === '.')) return i + 1;
  }
  return 0;
}
