import type { Db } from '../../db/client';
import { forgetHelpIndex } from './search-index';
import { forgetVocabulary } from './typo';

/** Per-database memo of search results (see searchHelp); emptied whenever articles are written. */
const caches = new WeakMap<Db, Map<string, unknown>>();

export function searchCacheFor<T>(db: Db): Map<string, T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache as Map<string, T>;
}

/** Forgets what was derived from the articles of `db`: the memo of results, the index and the typo vocabulary. */
export function invalidateHelpSearchCache(db: Db): void {
  caches.delete(db);
  forgetHelpIndex(db);
  forgetVocabulary(db);
}
