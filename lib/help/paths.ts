/**
 * URLs of the help center. Japanese is the default language at /help/…, English lives under
 * /help/en/…, so each language has its own canonical URL for hreflang. The article
 * 「ログインでお困りの方へ」 (slug login-trouble) is the troubleshooter page.
 */
import type { HelpLang } from './articles';

export const TROUBLESHOOTER_SLUG = 'login-trouble';
/** Slugs that would collide with the help center's own pages. */
export const RESERVED_SLUGS = new Set(['en', 'search']);

export function helpHomePath(lang: HelpLang): string {
  return lang === 'ja' ? '/help' : '/help/en';
}

export function troubleshooterPath(lang: HelpLang, symptom?: string): string {
  const base = `${helpHomePath(lang)}/login-trouble`;
  return symptom ? `${base}?symptom=${encodeURIComponent(symptom)}#answer` : base;
}

export function articlePath(slug: string, lang: HelpLang): string {
  if (slug === TROUBLESHOOTER_SLUG) return troubleshooterPath(lang);
  return `${helpHomePath(lang)}/${slug}`;
}

export function searchPath(lang: HelpLang, q?: string, page?: number): string {
  const base = `${helpHomePath(lang)}/search`;
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `${base}?${s}` : base;
}

/**
 * Where an article's own link should go on a page in `lang`: a help link goes to that language's
 * version when it exists (`available`), other same-site paths stay as written.
 */
export function localizeHref(href: string, lang: HelpLang, available: ReadonlySet<string>): string {
  const m = ARTICLE_HREF.exec(href);
  if (!m || RESERVED_SLUGS.has(m[1])) return href;
  const target = lang === 'en' && !available.has(m[1]) ? 'ja' : lang;
  return articlePath(m[1], target) + (m[2] ?? '');
}

const ARTICLE_HREF = /^\/help\/([a-z0-9-]+)(#[\w-]*)?$/;

/** The article slugs that links point to (help center pages like /help/search are not articles). */
export function linkedArticleSlugs(hrefs: string[]): string[] {
  return hrefs.flatMap((h) => {
    const slug = ARTICLE_HREF.exec(h)?.[1];
    return slug && !RESERVED_SLUGS.has(slug) ? [slug] : [];
  });
}
