import { z } from 'zod';

/**
 * Text the app accepts: well-formed Unicode (no lone surrogate, which no database or JSON column can
 * store faithfully) and no NUL (which PostgreSQL text cannot hold). Zod only: this module is bundled
 * into client forms too (docs/design.md#request-bodies).
 */
export function isWellFormedText(s: string): boolean {
  if (s.includes('\u0000')) return false;
  const wellFormed = (s as string & { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed) return wellFormed.call(s);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/**
 * `z.string()` that refuses ill-formed text with the field error `format`, before any transform runs
 * (NFKC, trimming) — the start of every string field of the shared schemas (lib/*\/schemas.ts).
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(z.refine(isWellFormedText, { error: 'format', abort: true }));
}
