import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { appOrigin, env, rpId } from '@/lib/config/env';
import { getArticle, getArticleLanguages, type HelpLang } from '@/lib/help/articles';
import { isLocale, LOCALE_COOKIE } from '@/lib/i18n';

export const otherLang = (lang: HelpLang): HelpLang => (lang === 'ja' ? 'en' : 'ja');

export function absoluteUrl(path: string): string {
  return new URL(path, appOrigin()).toString();
}

/**
 * A visitor who chose a language with the header switch (the `lang` cookie) is taken to that
 * language's version of the page when there is one. Without the cookie (search engines, shared
 * links) every URL shows its own language.
 */
export async function followLanguageChoice(pageLang: HelpLang, altPath: string | null): Promise<void> {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (altPath && isLocale(chosen) && chosen !== pageLang) redirect(altPath);
}

/** The articles name the brokerage 「デモ証券」; a deployment shows its own BRAND_NAME. */
export function brandText(s: string): string {
  const brand = env().BRAND_NAME;
  const branded = brand === 'デモ証券' ? s : s.replaceAll('デモ証券', brand).replaceAll('Demo Securities', brand);
  // Password managers list a passkey under the site's domain (the WebAuthn RP ID), not the brand.
  return branded.replaceAll('{{domain}}', rpId());
}

/** One read per request, shared by generateMetadata and the page. */
export const loadArticle = cache(async (slug: string, lang: HelpLang) => {
  const db = await getDb();
  const article = await getArticle(db, slug, lang);
  const languages = article ? await getArticleLanguages(db, slug) : [];
  return article ? { article, languages } : null;
});

/** hreflang alternates for a page that exists in `languages`, Japanese as x-default. */
export function alternates(pathFor: (lang: HelpLang) => string, lang: HelpLang, languages: HelpLang[]) {
  const langs: Record<string, string> = {};
  for (const l of languages) langs[l] = absoluteUrl(pathFor(l));
  if (languages.includes('ja')) langs['x-default'] = absoluteUrl(pathFor('ja'));
  return { canonical: absoluteUrl(pathFor(lang)), languages: langs };
}
