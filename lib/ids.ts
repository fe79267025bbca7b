import { z } from 'zod';

/**
 * Identifiers in their one canonical spelling, parsed at the edge (URL params, forms, API bodies)
 * before they reach lib/: a hash, a comparison or a cache key over the raw input would break on the
 * first other spelling of the same id (docs/threat-model.md, the audit chain). Pure: bundled into
 * client forms too.
 */

const HEX32 = /^[0-9a-f]{32}$/;

/**
 * The canonical lower-case 8-4-4-4-12 form of a UUID, or null. Accepts what a person may paste:
 * surrounding spaces, upper case, full-width characters, `{…}` braces, a `urn:uuid:` prefix, and
 * the 32 hex digits without hyphens. Anything else (other hyphen positions, extra characters) is
 * not an id.
 */
export function parseUuid(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  let v = input.normalize('NFKC').trim().toLowerCase();
  if (v.startsWith('urn:uuid:')) v = v.slice(9);
  else if (v.startsWith('{') && v.endsWith('}')) v = v.slice(1, -1);
  const hyphenated = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
  const bare = v.replace(/-/g, '');
  if (!hyphenated && !(v === bare && HEX32.test(bare))) return null;
  return `${bare.slice(0, 8)}-${bare.slice(8, 12)}-${bare.slice(12, 16)}-${bare.slice(16, 20)}-${bare.slice(20)}`;
}

/** A UUID field of a form or body: any accepted spelling in, the canonical one out; otherwise `invalid_id`. */
export const uuidField = z.string({ error: 'invalid_id' }).transform((v, ctx) => {
  const id = parseUuid(v);
  if (id === null) {
    ctx.addIssue({ code: 'custom', message: 'invalid_id' });
    return z.NEVER;
  }
  return id;
});
