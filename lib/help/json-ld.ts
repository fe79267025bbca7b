/**
 * Structured data for search engines (schema.org Article and FAQPage), serialized so it is safe
 * inside <script type="application/ld+json">: `<`, `>`, `&` and the JS line separators are escaped
 * as \uXXXX, so article text can never close the script element.
 */
import type { FaqEntry } from './markdown';

export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function articleJsonLd(a: {
  url: string;
  title: string;
  description: string;
  lang: string;
  updatedAt: Date;
  publisher: string;
}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: a.title,
    description: a.description,
    inLanguage: a.lang,
    dateModified: a.updatedAt.toISOString(),
    mainEntityOfPage: { '@type': 'WebPage', '@id': a.url },
    author: { '@type': 'Organization', name: a.publisher },
    publisher: { '@type': 'Organization', name: a.publisher },
  };
}

export function faqJsonLd(faq: FaqEntry[], lang: string): Record<string, unknown> | null {
  if (!faq.length) return null;
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    inLanguage: lang,
    mainEntity: faq.map((f) => ({
      '@type': 'Question',
      name: f.question,
      acceptedAnswer: { '@type': 'Answer', text: f.answer },
    })),
  };
}

export function breadcrumbJsonLd(items: Array<{ name: string; url: string }>): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((it, i) => ({ '@type': 'ListItem', position: i + 1, name: it.name, item: it.url })),
  };
}
