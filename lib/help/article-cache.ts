import type { Db } from '../../db/client';

/**
 * What the search derives from one article (its title tokens, its body prepared for snippets),
 * kept per database for the articles it has recently ranked or shown. Each entry carries the
 * article's `updated_at`, which the search reads with every candidate: a changed article is never
 * served from here, whichever process changed it. Bounded per kind, least recently used first out:
 * title tokens are small and every ranked candidate needs them; snippet texts are larger (the body
 * and its offset map) and only the shown results need them.
 */
const LIMITS: Record<string, number> = { title: 20_000, text: 1_000 };
const caches = new WeakMap<Db, Map<string, Map<string, { version: string; value: unknown }>>>();

export function articleCacheFor(db: Db) {
  let byKind = caches.get(db);
  if (!byKind) caches.set(db, (byKind = new Map()));
  const kinds = byKind;
  const mapFor = (kind: string) => {
    let m = kinds.get(kind);
    if (!m) kinds.set(kind, (m = new Map()));
    return m;
  };
  return {
    get<T>(kind: string, lang: string, slug: string, version: string): T | undefined {
      const m = mapFor(kind);
      const key = `${lang}\u0000${slug}`;
      const e = m.get(key);
      if (!e || e.version !== version) return undefined;
      m.delete(key); // most recently used last
      m.set(key, e);
      return e.value as T;
    },
    set<T>(kind: string, lang: string, slug: string, version: string, value: T): T {
      const m = mapFor(kind);
      const key = `${lang}\u0000${slug}`;
      m.delete(key);
      m.set(key, { version, value });
      if (m.size > (LIMITS[kind] ?? 1_000)) m.delete(m.keys().next().value!);
      return value;
    },
  };
}
