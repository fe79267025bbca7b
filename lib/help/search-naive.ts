/** The naive baseline the help benchmark compares the search against (bench/help.ts); not used by the app. */
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { HelpLang } from './articles';
import { normalizeText } from './normalize';

/**
 * Every whitespace-separated word of the normalized query must occur (LIKE '%word%') in the normalized title
 * or body; title hits first.
 */
export async function naiveSearch(db: Db, q: string, lang: HelpLang, limit = 10): Promise<string[]> {
  const words = normalizeText(Array.from(q).slice(0, 200).join('')).split(' ').filter(Boolean).slice(0, 8);
  if (!words.length) return [];
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const all = sql.join(
    words.map((w) => sql`(search_title || ' ' || search_body) like ${like(w)}`),
    sql` and `,
  );
  const inTitle = sql.join(
    words.map((w) => sql`(search_title like ${like(w)})::int`),
    sql` + `,
  );
  const rows = await queryRows<{ slug: string }>(
    db,
    sql`
    select slug from help_articles where lang = ${lang} and ${all}
    order by ${inTitle} desc, slug collate "C" limit ${limit}`,
  );
  return rows.map((r) => r.slug);
}
