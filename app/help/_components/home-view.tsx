import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { listCategoryHeads, type HelpLang } from '@/lib/help/articles';
import { HELP_CATEGORIES } from '@/lib/help/front-matter';
import { articlePath, helpHomePath, troubleshooterPath } from '@/lib/help/paths';
import { SYMPTOM_KEYS, SYMPTOMS } from '@/lib/help/troubleshooter';
import { helpMessages } from '@/lib/i18n/messages/help';
import styles from './help.module.css';
import { alternates, brandText, followLanguageChoice, otherLang } from './page-context';
import { SearchBox } from './search-box';

export function homeMetadata(lang: HelpLang): Metadata {
  const t = helpMessages[lang];
  return { title: t.helpCenter, description: t.helpLead, alternates: alternates(helpHomePath, lang, ['ja', 'en']) };
}

/** Articles shown per category before 「すべて見る」; a category opens in full with ?category=. */
const PER_CATEGORY = 8;

export type HomeSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The category opened in full (`?category=`), if the query names one at all. */
export async function expandedCategory(searchParams: HomeSearchParams): Promise<string | undefined> {
  const { category } = await searchParams;
  return typeof category === 'string' ? category : undefined;
}

/** /help: the troubleshooter first (most visitors cannot log in), the search box, then every topic. */
export async function HomeView({ lang, expanded }: { lang: HelpLang; expanded?: string }) {
  await followLanguageChoice(lang, helpHomePath(otherLang(lang)));
  const t = helpMessages[lang];
  const heads = await listCategoryHeads(await getDb(), lang, PER_CATEGORY, { expanded, except: ['login-trouble'] });
  const categories = HELP_CATEGORIES.flatMap((c) =>
    heads.filter((h) => h.category === c).map((h) => ({ key: c, items: h.items, total: h.total })),
  );
  return (
    <div className={`page ${styles.help}`} lang={lang}>
      <h1>{t.helpCenter}</h1>
      <p className={styles.lead}>{t.helpLead}</p>
      <SearchBox lang={lang} />
      <section className={styles.troubleCard} aria-labelledby="trouble-title">
        <h2 id="trouble-title">{t.troubleTitle}</h2>
        <p>{t.troubleCtaLead}</p>
        <ul className={styles.linkList}>
          {SYMPTOM_KEYS.filter((k) => SYMPTOMS[k].main).map((k) => (
            <li key={k}>
              <Link href={troubleshooterPath(lang, k)}>
                <span className={styles.linkText}>{t.symptoms[k].label}</span>
              </Link>
            </li>
          ))}
        </ul>
        <p className={styles.troubleAction}>
          <Link href={troubleshooterPath(lang)} className="btn btn-primary btn-block">
            {t.troubleCta}
          </Link>
        </p>
      </section>
      <section className={styles.section} aria-labelledby="categories-title">
        <h2 id="categories-title">{t.categoriesTitle}</h2>
        <div className={styles.categories}>
          {categories.map((c) => (
            <section
              key={c.key}
              id={`category-${c.key}`}
              className={styles.category}
              aria-labelledby={`category-${c.key}-title`}
            >
              <h3 id={`category-${c.key}-title`}>
                {t.categoryNames[c.key]} <span className="small muted">{t.articleCount(c.total)}</span>
              </h3>
              <ul className={styles.linkList}>
                {c.items.map((a) => (
                  <li key={a.slug}>
                    <Link href={articlePath(a.slug, lang)}>
                      <span className={styles.linkText}>{brandText(a.title)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
              {expanded !== c.key && c.total > PER_CATEGORY && (
                <p className="small">
                  <Link href={`${helpHomePath(lang)}?category=${c.key}#category-${c.key}`}>
                    {t.showAll(t.categoryNames[c.key], c.total)}
                  </Link>
                </p>
              )}
            </section>
          ))}
        </div>
      </section>
    </div>
  );
}
