import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tsvector } from './types';

export const helpArticles = pgTable(
  'help_articles',
  {
    slug: text('slug').notNull(),
    lang: text('lang', { enum: ['ja', 'en'] }).notNull(),
    title: text('title').notNull(),
    bodyMd: text('body_md').notNull(),
    category: text('category').notNull(),
    tags: text('tags').array().notNull().default([]),
    /** Kana reading of the title (helps searches written in hiragana). */
    reading: text('reading').notNull().default(''),
    /** One-sentence description from the front matter: list pages, meta description, fallback snippet. */
    summary: text('summary').notNull().default(''),
    /** Slugs of related articles, in the author's order. */
    related: text('related').array().notNull().default([]),
    /** Position within its category on the help top page. */
    sortOrder: integer('sort_order').notNull().default(100),
    /** Normalized title and plain-text body, for snippets and the naive baseline. */
    searchTitle: text('search_title').notNull().default(''),
    searchBody: text('search_body').notNull().default(''),
    searchVector: tsvector('search_vector').notNull(),
    /** Title, reading and tags only: a small vector that finds the title matches without reading bodies. */
    titleVector: tsvector('title_vector')
      .notNull()
      .default(sql`''::tsvector`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.slug, t.lang] }),
    // Articles change rarely and are searched all the time: no GIN pending list to scan on every search.
    index('help_articles_search_idx').using('gin', t.searchVector).with({ fastupdate: false }),
    index('help_articles_title_idx').using('gin', t.titleVector).with({ fastupdate: false }),
  ],
);

export const helpSearchLog = pgTable(
  'help_search_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    query: text('query').notNull(),
    lang: text('lang').notNull(),
    resultCount: integer('result_count').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** A keyed hash of the client (IP /64 or /32): dashboards rank by distinct clients, not raw counts. */
    clientKey: text('client_key'),
  },
  (t) => [index('help_search_log_at_idx').on(t.at)],
);

export const helpFeedback = pgTable(
  'help_feedback',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    slug: text('slug').notNull(),
    lang: text('lang').notNull(),
    helpful: boolean('helpful').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('help_feedback_slug_idx').on(t.slug, t.lang)],
);
