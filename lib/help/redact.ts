/**
 * What a search query may keep before it is written to the search log, which staff read
 * (docs/design.md#bounded-growth): phone numbers, email addresses and long digit runs
 * (account numbers, card numbers) are masked. Applied to the NFKC form, so full-width digits,
 * ＠ and full-width hyphens are caught the same way.
 */

/** Separators people type inside a phone number: hyphens and dashes of every width, ー, dots, spaces, brackets. */
const SEP = String.raw`[\s\-‐‑‒–—―−ー－.()（）]`;
/** A digit group chain with at least 7 digits in all (a Japanese number without its area code has 8). */
const PHONE = new RegExp(String.raw`(?:\+\s?\d{1,3}${SEP}*)?\(?\d{1,5}\)?(?:${SEP}{1,2}\d{1,5}){1,4}|\d{6,}`, 'g');
const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+/g;

function digitCount(s: string): number {
  let n = 0;
  for (const c of s) if (c >= '0' && c <= '9') n++;
  return n;
}

export function redactSearchQuery(query: string): string {
  return (
    query
      .normalize('NFKC')
      .replace(EMAIL, '***@***')
      // A chain of digit groups from 7 digits (a phone number), a single run from 6 (an account number).
      .replace(PHONE, (m) => (digitCount(m) >= (/^\d+$/.test(m) ? 6 : 7) ? m.replace(/\d/g, '#') : m))
  );
}
