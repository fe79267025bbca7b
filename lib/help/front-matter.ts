/**
 * Front matter of the help articles: YAML between `---` lines, read by the `yaml` package (the core
 * schema: strings, integers, lists; no aliases, no duplicate keys). A YAML error is a content error and
 * is reported with the file name rather than guessed at; `articleMetaSchema` then checks the fields.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export class FrontMatterError extends Error {}

/** Splits a Markdown file into its front matter and body. */
export function parseFrontMatter(source: string): { data: Record<string, unknown>; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!m) throw new FrontMatterError('missing front matter (--- … ---)');
  let parsed: unknown;
  try {
    parsed = parseYaml(m[1], { schema: 'core', uniqueKeys: true, maxAliasCount: 0 });
  } catch (err) {
    throw new FrontMatterError(`cannot read the front matter: ${(err as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new FrontMatterError('the front matter must be `key: value` lines');
  // A key with nothing after it (`related:`) is an empty list, as the articles write it.
  const data = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v ?? []]));
  return { data, body: text.slice(m[0].length) };
}

export const HELP_CATEGORIES = [
  'login',
  'passkey',
  'password',
  'login-id',
  'lock',
  'two-step',
  'app',
  'account',
] as const;
export type HelpCategory = (typeof HELP_CATEGORIES)[number];

const list = z.union([z.array(z.string()), z.string().transform((s) => (s ? [s] : []))]).default([]);

/** What a help article's front matter must say. */
export const articleMetaSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens'),
  lang: z.enum(['ja', 'en']),
  title: z.string().min(1).max(200),
  category: z.enum(HELP_CATEGORIES),
  tags: list,
  reading: z.union([z.string(), z.number().transform(String)]).default(''),
  summary: z.union([z.string(), z.number().transform(String)]).default(''),
  related: list,
  order: z.coerce.number().int().default(100),
});

export type ArticleMeta = z.infer<typeof articleMetaSchema>;
