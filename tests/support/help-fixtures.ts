import type { Db } from '../../db/client';
import { toArticleRow, upsertArticleRows, type HelpArticleSource } from '../../lib/help/articles';

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
