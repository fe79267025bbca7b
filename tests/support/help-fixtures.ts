import type { Db } from '../../db/client';
import { toArticleRow, upsertArticleRows, type HelpArticleSource, type HelpLang } from '../../lib/help/articles';
import { helpIndexFor, INDEX_RECHECK_MS } from '../../lib/help/search-index';

/** An extra article with safe defaults; every call gets its own slug. */
let seq = 0;
export function helpArticle(over: Partial<HelpArticleSource> = {}): HelpArticleSource {
  seq += 1;
  return {
    slug: `test-article-${seq}`,
    lang: 'ja',
    title: `テスト記事${seq}`,
    category: 'account',
    tags: [],
    reading: '',
    summary: '',
    related: [],
    order: 100,
    body: '本文です。',
    ...over,
  };
}

export async function insertHelpArticles(db: Db, articles: HelpArticleSource[]): Promise<void> {
  await upsertArticleRows(db, articles.map(toArticleRow));
}

/**
 * What another process's write needs before this one's searches show it: the index recheck (due every
 * INDEX_RECHECK_MS) and the rebuild it starts. The clock is moved past the interval instead of waited for.
 */
export async function recheckHelpIndex(db: Db, lang: HelpLang): Promise<void> {
  const before = await helpIndexFor(db, lang);
  const realNow = Date.now;
  Date.now = () => realNow() + INDEX_RECHECK_MS + 1;
  try {
    await helpIndexFor(db, lang); // starts the recheck in the background
    for (let i = 0; i < 250; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if ((await helpIndexFor(db, lang)) !== before) return;
    }
    throw new Error('the help index was not rebuilt after a write by another process');
  } finally {
    Date.now = realNow;
  }
}
