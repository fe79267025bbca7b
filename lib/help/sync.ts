/**
 * Loads the Markdown help articles (db/seed/help/<slug>.<lang>.md) into `help_articles`, with the
 * search fields computed in TypeScript. Idempotent: unchanged articles are not rewritten, and
 * articles whose file is gone are deleted. Called by `npm run db:seed`.
 */
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { invalidateHelpSearchCache } from './search-cache';
import {
  deleteArticlesExcept,
  HELP_SOURCE_DIR,
  HelpContentError,
  loadArticleSources,
  toArticleRow,
  upsertArticleRows,
} from './articles';

export async function syncHelpArticles(
  db: Db,
  opts: { dir?: string } = {},
): Promise<{ upserted: number; total: number }> {
  const sources = await loadArticleSources(opts.dir ?? HELP_SOURCE_DIR);
  // An empty or missing folder is a deployment mistake, not a reason to delete every article.
  if (!sources.length) throw new HelpContentError(`no help articles found in ${opts.dir ?? HELP_SOURCE_DIR}`);
  const rows = sources.map(toArticleRow);
  const result = await transactionWithRetry(db, async (tx) => {
    const upserted = await upsertArticleRows(tx, rows);
    const deleted = await deleteArticlesExcept(tx, rows);
    return { upserted: upserted + deleted, total: rows.length };
  });
  invalidateHelpSearchCache(db);
  return result;
}
