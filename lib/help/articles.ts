/**
 * Help articles: the source files under db/seed/help, the rows of `help_articles` built from them,
 * and the reads the pages need. Library code takes the database first.
 */
import { readdir, readFile } from 'node:fs/promises';
import { invalidateHelpSearchCache } from './search-cache';
import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { helpArticles, helpFeedback } from '../../db/schema';
import { queryRows, type Db } from '../../db/client';
import { buildTsvector, type Field } from './analyze';
import {
  articleMetaSchema,
  HELP_CATEGORIES,
  parseFrontMatter,
  type ArticleMeta,
  type HelpCategory,
} from './front-matter';
import { markdownToPlainText } from './markdown';
import { normalizeText } from './normalize';
import { RESERVED_SLUGS } from './paths';

export type HelpLang = 'ja' | 'en';
export const HELP_LANGS: readonly HelpLang[] = ['ja', 'en'];

export const HELP_SOURCE_DIR = path.join(process.cwd(), 'db', 'seed', 'help');

export type HelpArticleSource = ArticleMeta & { body: string };

export class HelpContentError extends Error {}

/** Parses one article file; `fileName` must be `<slug>.<lang>.md` and agree with the front matter. */
export function parseArticleFile(fileName: string, source: string): HelpArticleSource {
  const { data, body } = parseFrontMatter(source);
  const parsed = articleMetaSchema.safeParse(data);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new HelpContentError(`${fileName}: ${why}`);
  }
  const expected = `${parsed.data.slug}.${parsed.data.lang}.md`;
  if (fileName !== expected) throw new HelpContentError(`${fileName}: front matter says ${expected}`);
  if (RESERVED_SLUGS.has(parsed.data.slug))
    throw new HelpContentError(`${fileName}: the slug "${parsed.data.slug}" is a help center page`);
  return { ...parsed.data, body: body.trim() };
}

/** Every article under `dir`, sorted by file name; content errors of all files are reported at once. */
export async function loadArticleSources(dir = HELP_SOURCE_DIR): Promise<HelpArticleSource[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.md')).sort();
  const out: HelpArticleSource[] = [];
  const errors: string[] = [];
  for (const name of names) {
    try {
      out.push(parseArticleFile(name, await readFile(path.join(dir, name), 'utf8')));
    } catch (err) {
      errors.push(err instanceof Error ? err.message : String(err));
    }
  }
  if (errors.length) throw new HelpContentError(`help articles in ${dir}:\n  ${errors.join('\n  ')}`);
  return out;
}

export type HelpArticleRow = typeof helpArticles.$inferInsert;

/** Search fields of an article: weights A (title, reading), B (tags), C (summary), D (body). */
export function toArticleRow(a: HelpArticleSource): HelpArticleRow {
  const plain = markdownToPlainText(a.body);
  const fields: Field[] = [
    { text: a.title, weight: 'A' },
    { text: a.reading, weight: 'A' },
    ...a.tags.map((t): Field => ({ text: t, weight: 'B' })),
    { text: a.summary, weight: 'C' },
    { text: plain, weight: 'D' },
  ];
  return {
    slug: a.slug,
    lang: a.lang,
    title: a.title,
    bodyMd: a.body,
    category: a.category,
    tags: a.tags,
    reading: a.reading,
    summary: a.summary,
    related: a.related,
    sortOrder: a.order,
    searchTitle: normalizeText(`${a.title} ${a.reading}`),
    searchBody: normalizeText(`${a.tags.join(' ')} ${a.summary} ${plain}`),
    searchVector: buildTsvector(fields),
    titleVector: buildTsvector(fields.filter((f) => f.weight === 'A' || f.weight === 'B')),
  };
}

const BATCH = 200;

/**
 * Inserts or updates rows; a row whose content is unchanged is not touched (its updated_at stays).
 * Returns how many rows were inserted or changed.
 */
export async function upsertArticleRows(db: Db, rows: HelpArticleRow[]): Promise<number> {
  invalidateHelpSearchCache(db);
  let changed = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const res = await db
      .insert(helpArticles)
      .values(batch)
      .onConflictDoUpdate({
        target: [helpArticles.slug, helpArticles.lang],
        set: {
          title: sql`excluded.title`,
          bodyMd: sql`excluded.body_md`,
          category: sql`excluded.category`,
          tags: sql`excluded.tags`,
          reading: sql`excluded.reading`,
          summary: sql`excluded.summary`,
          related: sql`excluded.related`,
          sortOrder: sql`excluded.sort_order`,
          searchTitle: sql`excluded.search_title`,
          searchBody: sql`excluded.search_body`,
          searchVector: sql`excluded.search_vector`,
          titleVector: sql`excluded.title_vector`,
          updatedAt: sql`now()`,
        },
        setWhere: sql`(help_articles.title, help_articles.body_md, help_articles.category, help_articles.tags, help_articles.reading,
        help_articles.summary, help_articles.related, help_articles.sort_order, help_articles.search_title, help_articles.search_body,
        help_articles.search_vector, help_articles.title_vector)
        is distinct from (excluded.title, excluded.body_md, excluded.category, excluded.tags, excluded.reading, excluded.summary,
        excluded.related, excluded.sort_order, excluded.search_title, excluded.search_body, excluded.search_vector, excluded.title_vector)`,
      })
      .returning({ slug: helpArticles.slug });
    changed += res.length;
  }
  // Again after the write: an index rebuilt while it ran may hold the rows as they were.
  invalidateHelpSearchCache(db);
  return changed;
}

/** Deletes the rows that are not in `keep` (articles whose file is gone). Returns how many. */
export async function deleteArticlesExcept(db: Db, keep: Array<{ slug: string; lang: string }>): Promise<number> {
  const wanted = new Set(keep.map((k) => `${k.lang}:${k.slug}`));
  const existing = await db.select({ slug: helpArticles.slug, lang: helpArticles.lang }).from(helpArticles);
  const gone = existing.filter((r) => !wanted.has(`${r.lang}:${r.slug}`));
  for (const lang of HELP_LANGS) {
    const slugs = gone.filter((g) => g.lang === lang).map((g) => g.slug);
    for (let i = 0; i < slugs.length; i += BATCH) {
      await db
        .delete(helpArticles)
        .where(and(eq(helpArticles.lang, lang), inArray(helpArticles.slug, slugs.slice(i, i + BATCH))));
    }
  }
  return gone.length;
}

export type HelpArticle = {
  slug: string;
  lang: HelpLang;
  title: string;
  bodyMd: string;
  category: HelpCategory;
  tags: string[];
  summary: string;
  related: string[];
  updatedAt: Date;
};

const articleColumns = {
  slug: helpArticles.slug,
  lang: helpArticles.lang,
  title: helpArticles.title,
  bodyMd: helpArticles.bodyMd,
  category: helpArticles.category,
  tags: helpArticles.tags,
  summary: helpArticles.summary,
  related: helpArticles.related,
  updatedAt: helpArticles.updatedAt,
};

function toArticle(r: { [K in keyof typeof articleColumns]: unknown }): HelpArticle {
  return { ...(r as HelpArticle), updatedAt: new Date(r.updatedAt as string | Date) };
}

export async function getArticle(db: Db, slug: string, lang: HelpLang): Promise<HelpArticle | null> {
  const [row] = await db
    .select(articleColumns)
    .from(helpArticles)
    .where(and(eq(helpArticles.slug, slug), eq(helpArticles.lang, lang)))
    .limit(1);
  return row ? toArticle(row) : null;
}

export type HelpArticleSummary = { slug: string; title: string; summary: string; category: HelpCategory };

export type CategoryHead = { category: HelpCategory; total: number; items: HelpArticleSummary[] };

/**
 * The help home's topics: per category, how many articles it has and its first `perCategory`
 * (every one for `expanded`), in the author's order. Only those rows leave the database, however
 * many articles there are. `except` leaves out pages that are linked elsewhere (the troubleshooter).
 */
export async function listCategoryHeads(
  db: Db,
  lang: HelpLang,
  perCategory: number,
  opts: { expanded?: string; except?: string[] } = {},
): Promise<CategoryHead[]> {
  // Only a known category reaches SQL (a query string can hold anything, even a NUL byte).
  const expanded = (HELP_CATEGORIES as readonly string[]).includes(opts.expanded ?? '') ? opts.expanded! : '';
  const except = opts.except?.length
    ? sql`and slug not in (${sql.join(
        opts.except.map((s) => sql`${s}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await queryRows<{
    slug: string;
    title: string;
    summary: string;
    category: HelpCategory;
    n: number | string;
  }>(
    db,
    sql`
    select slug, title, summary, category, n from (
      select slug, title, summary, category,
        row_number() over (partition by category order by sort_order, slug collate "C") as rn,
        count(*) over (partition by category) as n
      from help_articles where lang = ${lang} ${except}
    ) a
    where rn <= ${perCategory} or category = ${expanded}
    order by category, rn`,
  );
  const heads = new Map<string, CategoryHead>();
  for (const r of rows) {
    let head = heads.get(r.category);
    if (!head) heads.set(r.category, (head = { category: r.category, total: Number(r.n), items: [] }));
    head.items.push({ slug: r.slug, title: r.title, summary: r.summary, category: r.category });
  }
  return [...heads.values()];
}

/** Which of `slugs` exist in `lang`. */
export async function existingSlugs(db: Db, slugs: string[], lang: HelpLang): Promise<Set<string>> {
  if (!slugs.length) return new Set();
  const rows = await db
    .select({ slug: helpArticles.slug })
    .from(helpArticles)
    .where(and(eq(helpArticles.lang, lang), inArray(helpArticles.slug, [...new Set(slugs)])));
  return new Set(rows.map((r) => r.slug));
}

/** Titles of the given slugs in one language, in the order asked for; missing ones are skipped. */
export async function getArticleTitles(db: Db, slugs: string[], lang: HelpLang): Promise<HelpArticleSummary[]> {
  if (!slugs.length) return [];
  const rows = await db
    .select({
      slug: helpArticles.slug,
      title: helpArticles.title,
      summary: helpArticles.summary,
      category: helpArticles.category,
    })
    .from(helpArticles)
    .where(and(eq(helpArticles.lang, lang), inArray(helpArticles.slug, slugs)));
  const bySlug = new Map(rows.map((r) => [r.slug, r as HelpArticleSummary]));
  return slugs.flatMap((s) => bySlug.get(s) ?? []);
}

/** Which languages an article exists in (for hreflang alternates). */
export async function getArticleLanguages(db: Db, slug: string): Promise<HelpLang[]> {
  const rows = await db.select({ lang: helpArticles.lang }).from(helpArticles).where(eq(helpArticles.slug, slug));
  return HELP_LANGS.filter((l) => rows.some((r) => r.lang === l));
}

/** Every (slug, language, updated) for the sitemap. */
export async function listArticleVersions(db: Db): Promise<Array<{ slug: string; lang: HelpLang; updatedAt: Date }>> {
  const rows = await db
    .select({ slug: helpArticles.slug, lang: helpArticles.lang, updatedAt: helpArticles.updatedAt })
    .from(helpArticles)
    .orderBy(sql`${helpArticles.slug} collate "C"`, asc(helpArticles.lang));
  return rows.map((r) => ({ slug: r.slug, lang: r.lang as HelpLang, updatedAt: new Date(r.updatedAt) }));
}

/** 「この記事は役に立ちましたか？」 — one row per answer; only for articles that exist. */
export async function recordFeedback(
  db: Db,
  input: { slug: string; lang: HelpLang; helpful: boolean },
): Promise<boolean> {
  const [exists] = await db
    .select({ slug: helpArticles.slug })
    .from(helpArticles)
    .where(and(eq(helpArticles.slug, input.slug), eq(helpArticles.lang, input.lang)))
    .limit(1);
  if (!exists) return false;
  await db.insert(helpFeedback).values({ slug: input.slug, lang: input.lang, helpful: input.helpful });
  return true;
}
