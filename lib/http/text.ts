import { z } from 'zod';
import { isWellFormedText, wellFormedCheck } from '../forms/fields';

export { isWellFormedText };

/**
 * `z.string()` that refuses ill-formed text with the field error `format`, before any transform runs
 * (NFKC, trimming) — the start of every string field of the shared schemas (lib/*\/schemas.ts).
 */
export function text(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(wellFormedCheck());
}
