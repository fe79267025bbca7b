import type { Db } from '../../db/client';

/**
 * What the search derives from one article (its title tokens, its body prepared for snippets),
 * kept per database for the articles it has recently ranked or shown. Each entry carries the
 * article's `updated_at`, which the search reads with every candidate: a changed article is never
 * served from here, whichever process changed it. Bounded: the whole map is dropped when full
 * (3,300 articles fit many times over; more than MAX_ENTRIES means a very unusual corpus).
 */
const MAX_ENTRIES = 20_000;
const caches = new WeakMap<Db, Map<string, { version: string; value: unknown }>>();

export function articleCacheFor(db: Db) {
  let map = caches.get(db);
  if (!map) caches.set(db, (map = new Map()));
  const m = map;
  return {
    get<T>(kind: string, lang: string, slug: string, version: string): T | undefined {
      const e = m.get(`${kind}\u0000${lang}\u0000${slug}`);
      return e && e.version === version ? (e.value as T) : undefined;
    },
    set<T>(kind: string, lang: string, slug: string, version: string, value: T): T {
      if (m.size >= MAX_ENTRIES) m.clear();
      m.set(`${kind}\u0000${lang}\u0000${slug}`, { version, value });
      return value;
    },
  };
}
