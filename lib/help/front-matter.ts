/**
 * Front matter of the help articles: the small YAML subset they use (`key: value`, quoted strings,
 * flow lists `[a, b]`, block lists of `- item`, integers). Anything fancier is a content error and
 * is reported with the file name rather than guessed at.
 */
import { z } from 'zod';

export type FrontMatterValue = string | number | string[];

export class FrontMatterError extends Error {}

function unquote(v: string): string {
  const s = v.trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    return s.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  if (s.length >= 2 && s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  return s;
}

/** Splits `a, "b, c", d` on commas outside quotes. */
function splitFlowList(inner: string): string[] {
  const items: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (const ch of inner) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ',') {
      items.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  items.push(cur);
  return items.map(unquote).filter((s) => s.length > 0);
}

function parseScalar(raw: string): FrontMatterValue {
  const v = raw.trim();
  if (v.startsWith('[')) {
    if (!v.endsWith(']')) throw new FrontMatterError(`unterminated list: ${v}`);
    return splitFlowList(v.slice(1, -1));
  }
  if (/^-?\d+$/.test(v)) return Number(v);
  return unquote(v);
}

/** Splits a Markdown file into its front matter and body. */
export function parseFrontMatter(source: string): { data: Record<string, FrontMatterValue>; body: string } {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!m) throw new FrontMatterError('missing front matter (--- … ---)');
  const data: Record<string, FrontMatterValue> = {};
  let listKey: string | null = null;
  for (const line of m[1].split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (data[listKey] as string[]).push(unquote(item[1]));
      continue;
    }
    const kv = /^([A-Za-z_][\w-]*):(.*)$/.exec(line);
    if (!kv) throw new FrontMatterError(`cannot read line: ${line}`);
    const [, key, rest] = kv;
    if (!rest.trim()) {
      data[key] = [];
      listKey = key;
      continue;
    }
    listKey = null;
    data[key] = parseScalar(rest);
  }
  return { data, body: text.slice(m[0].length) };
}

export const HELP_CATEGORIES = ['login', 'passkey', 'password', 'login-id', 'lock', 'two-step', 'app', 'account'] as const;
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
