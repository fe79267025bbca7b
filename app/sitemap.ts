import type { MetadataRoute } from 'next';
import { getDb } from '@/db/client';
import { appOrigin } from '@/lib/config/env';
import { listArticleVersions, type HelpLang } from '@/lib/help/articles';
import { articlePath, helpHomePath, troubleshooterPath } from '@/lib/help/paths';

// Lists the articles in the database at request time; `next build` never opens it.
export const dynamic = 'force-dynamic';

/** sitemap.xml: the help center in both languages, each URL with its hreflang alternates. */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const url = (p: string) => new URL(p, appOrigin()).toString();
  const both = (pathFor: (l: HelpLang) => string) => ({
    languages: { ja: url(pathFor('ja')), en: url(pathFor('en')) },
  });
  const versions = await listArticleVersions(await getDb());
  const bySlug = new Map<string, Map<HelpLang, Date>>();
  for (const v of versions) {
    if (!bySlug.has(v.slug)) bySlug.set(v.slug, new Map());
    bySlug.get(v.slug)!.set(v.lang, v.updatedAt);
  }
  const entries: MetadataRoute.Sitemap = [];
  for (const lang of ['ja', 'en'] as const) {
    entries.push({
      url: url(helpHomePath(lang)),
      changeFrequency: 'weekly',
      priority: 0.8,
      alternates: both(helpHomePath),
    });
    entries.push({
      url: url(troubleshooterPath(lang)),
      changeFrequency: 'monthly',
      priority: 1,
      alternates: both((l) => troubleshooterPath(l)),
    });
  }
  for (const [slug, langs] of bySlug) {
    if (slug === 'login-trouble') continue;
    const languages: Record<string, string> = {};
    for (const l of langs.keys()) languages[l] = url(articlePath(slug, l));
    for (const [lang, updatedAt] of langs) {
      entries.push({
        url: url(articlePath(slug, lang)),
        lastModified: updatedAt,
        changeFrequency: 'monthly',
        priority: 0.6,
        alternates: { languages },
      });
    }
  }
  return entries;
}
