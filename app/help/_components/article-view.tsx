import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { env } from '@/lib/config/env';
import { existingSlugs, getArticleTitles, type HelpLang } from '@/lib/help/articles';
import { articleJsonLd, breadcrumbJsonLd, faqJsonLd } from '@/lib/help/json-ld';
import { extractFaq, inlineText, linkTargets, parseMarkdown } from '@/lib/help/markdown';
import { articlePath, helpHomePath, linkedArticleSlugs, localizeHref, troubleshooterPath } from '@/lib/help/paths';
import { RECOVERY_ARTICLES } from '@/lib/help/troubleshooter';
import { helpMessages } from '@/lib/i18n/messages/help';
import { getLocale } from '@/lib/i18n/server';
import { ArticleBody } from './article-body';
import { Feedback, type FeedbackState } from './feedback';
import styles from './help.module.css';
import { JsonLd } from './json-ld';
import { LanguageLink } from './language-link';
import { absoluteUrl, alternates, brandText, followLanguageChoice, loadArticle, otherLang } from './page-context';

export async function articleMetadata(slug: string, lang: HelpLang): Promise<Metadata> {
  const loaded = await loadArticle(slug, lang);
  if (!loaded) return { title: helpMessages[lang].articleNotFound, robots: { index: false } };
  const { article, languages } = loaded;
  const url = absoluteUrl(articlePath(slug, lang));
  return {
    title: brandText(article.title),
    description: brandText(article.summary),
    alternates: alternates((l) => articlePath(slug, l), lang, languages),
    openGraph: {
      type: 'article',
      title: brandText(article.title),
      description: brandText(article.summary),
      url,
      locale: lang === 'ja' ? 'ja_JP' : 'en_US',
    },
  };
}

function formatDate(d: Date, lang: HelpLang): string {
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Asia/Tokyo',
  }).format(d);
}

/** An article page: breadcrumbs, the text, 「パスキーを解除する」 where it helps, feedback, related articles. */
export async function ArticleView({ slug, lang, feedback }: { slug: string; lang: HelpLang; feedback: FeedbackState }) {
  const loaded = await loadArticle(slug, lang);
  if (!loaded) notFound();
  const { article, languages } = loaded;
  const alt = otherLang(lang);
  const altPath = languages.includes(alt) ? articlePath(slug, alt) : null;
  await followLanguageChoice(lang, altPath);

  const t = helpMessages[lang];
  const onlyJapanese = lang === 'ja' && !altPath && (await getLocale()) === 'en';
  const db = await getDb();
  const related = await getArticleTitles(
    db,
    article.related.filter((s) => s !== slug),
    lang,
  );
  const blocks = parseMarkdown(article.bodyMd);
  // English pages link to the English version of an article where there is one.
  const enSlugs =
    lang === 'en' ? await existingSlugs(db, linkedArticleSlugs(linkTargets(blocks)), 'en') : new Set<string>();
  const toc = blocks.flatMap((b) =>
    b.type === 'heading' && b.level === 2 ? [{ id: b.id, text: inlineText(b.children) }] : [],
  );
  const faq = extractFaq(blocks);
  const url = absoluteUrl(articlePath(slug, lang));
  const categoryName = t.categoryNames[article.category];
  const crumbs = [
    { name: t.helpCenter, path: helpHomePath(lang) },
    { name: categoryName, path: `${helpHomePath(lang)}#category-${article.category}` },
  ];
  const faqLd = faqJsonLd(
    faq.map((f) => ({ question: brandText(f.question), answer: brandText(f.answer) })),
    lang,
  );

  return (
    <div className={`page ${styles.help}`} lang={lang}>
      <nav aria-label={t.breadcrumb} className={styles.breadcrumbs}>
        <ol>
          {crumbs.map((c) => (
            <li key={c.path}>
              <Link href={c.path}>{c.name}</Link>
            </li>
          ))}
        </ol>
      </nav>
      <article>
        <header className={styles.articleHeader}>
          <h1>{brandText(article.title)}</h1>
          <div className={styles.meta}>
            <span>{t.updated(formatDate(article.updatedAt, lang))}</span>
            {altPath ? <LanguageLink lang={lang} to={altPath} /> : null}
          </div>
          {onlyJapanese ? (
            <p className="alert alert-info" lang="en">
              {helpMessages.en.onlyInJapanese}
            </p>
          ) : null}
        </header>
        {article.summary ? <p className={styles.lead}>{brandText(article.summary)}</p> : null}
        {toc.length >= 3 ? (
          <nav className={styles.toc} aria-labelledby="toc-title">
            <h2 id="toc-title">{t.onThisPage}</h2>
            <ol>
              {toc.map((h) => (
                <li key={h.id}>
                  <a href={`#${h.id}`}>{brandText(h.text)}</a>
                </li>
              ))}
            </ol>
          </nav>
        ) : null}
        <ArticleBody blocks={blocks} href={(h) => localizeHref(h, lang, enSlugs)} text={brandText} />
        {RECOVERY_ARTICLES.has(slug) ? (
          <aside className={styles.cta} aria-labelledby="recovery-cta">
            <p>
              <span id="recovery-cta" className={styles.ctaTitle}>
                {t.recoveryCtaTitle}
              </span>
              {t.recoveryCtaBody}
            </p>
            <Link href="/recovery" className="btn btn-primary">
              {t.removePasskey}
            </Link>
          </aside>
        ) : null}
      </article>
      <Feedback slug={slug} lang={lang} state={feedback} />
      {related.length ? (
        <section className={styles.section} aria-labelledby="related-title">
          <h2 id="related-title">{t.relatedTitle}</h2>
          <ul className={styles.linkList}>
            {related.map((r) => (
              <li key={r.slug}>
                <Link href={articlePath(r.slug, lang)}>
                  <span className={styles.linkText}>{brandText(r.title)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className={styles.section}>
        <Link href={troubleshooterPath(lang)}>{t.troubleTitle}</Link>
      </p>
      <JsonLd
        data={articleJsonLd({
          url,
          title: brandText(article.title),
          description: brandText(article.summary),
          lang,
          updatedAt: article.updatedAt,
          publisher: env().BRAND_NAME,
        })}
      />
      <JsonLd
        data={breadcrumbJsonLd([
          ...crumbs.map((c) => ({ name: c.name, url: absoluteUrl(c.path) })),
          { name: brandText(article.title), url },
        ])}
      />
      {faqLd ? <JsonLd data={faqLd} /> : null}
    </div>
  );
}
