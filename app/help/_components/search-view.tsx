import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { getArticleTitles, type HelpLang } from '@/lib/help/articles';
import { MAX_QUERY_CHARS } from '@/lib/help/query';
import { articlePath, helpHomePath, searchPath, troubleshooterPath } from '@/lib/help/paths';
import { searchHelp } from '@/lib/help/search';
import { guardSearchRequest } from '@/lib/help/search-guard';
import { helpMessages } from '@/lib/i18n/messages/help';
import styles from './help.module.css';
import { MarkedText } from './marked-text';
import { brandText, followLanguageChoice, otherLang } from './page-context';
import { SearchBox } from './search-box';

const PAGE_SIZE = 10;
const POPULAR = [
  'passkey-cannot-login',
  'passkey-remove-recovery',
  'passkey-change-phone',
  'passkey-face-id-fails',
  'password-forgot',
];

type Params = Record<string, string | string[] | undefined>;

export function readSearchParams(sp: Params): { q: string; page: number } {
  const raw = Array.isArray(sp.q) ? sp.q[0] : sp.q;
  const q = Array.from(raw ?? '')
    .slice(0, MAX_QUERY_CHARS)
    .join('')
    .trim();
  const p = Number(Array.isArray(sp.page) ? sp.page[0] : sp.page);
  return { q, page: Number.isInteger(p) && p >= 1 && p <= 50 ? p : 1 };
}

export function searchMetadata(lang: HelpLang, q: string): Metadata {
  const t = helpMessages[lang];
  // Result pages are for people: search engines get the articles themselves. The query is never put
  // in the title or a heading (a link could make our domain "say" anything): only in the search box
  // and one quoted line.
  return { title: q ? t.searchResultsHeading : t.searchTitle, robots: { index: false, follow: true } };
}

/** Search results: a GET page, so it works without JavaScript and can be bookmarked. */
export async function SearchView({ lang, q, page }: { lang: HelpLang; q: string; page: number }) {
  await followLanguageChoice(lang, searchPath(otherLang(lang), q || undefined, page));
  const t = helpMessages[lang];
  const db = await getDb();
  const guard = q ? guardSearchRequest(await headers()) : null;
  const limited = guard ? !guard.decision.allowed : false;
  const res =
    q && guard && !limited
      ? await searchHelp(db, {
          q,
          lang,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
          log: page === 1 && guard.log,
          client: guard.client,
        })
      : null;
  const popular = !res || res.total === 0 ? await getArticleTitles(db, POPULAR, lang) : [];
  const shown = res ? res.results.length : 0;
  const from = (page - 1) * PAGE_SIZE + 1;

  return (
    <div className={`page ${styles.help}`} lang={lang}>
      <nav aria-label={t.breadcrumb} className={styles.breadcrumbs}>
        <ol>
          <li>
            <Link href={helpHomePath(lang)}>{t.helpCenter}</Link>
          </li>
        </ol>
      </nav>
      <h1>{q ? t.searchResultsHeading : t.searchTitle}</h1>
      <SearchBox lang={lang} defaultValue={q} />
      {q ? (
        <p className={styles.resultsMeta}>
          {t.searchedFor}
          <q>{q}</q>
        </p>
      ) : null}

      {limited ? (
        <p className="alert alert-error" role="alert">
          {t.searchRateLimited}
        </p>
      ) : null}
      {!q ? <p role="status">{t.emptyQuery}</p> : null}

      {res && res.total > 0 ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="visually-hidden">
            {t.searchResultsHeading}
          </h2>
          {res.mode === 'corrected' && res.correctedQuery ? (
            <p className={`alert alert-info ${styles.notice}`}>{t.showingCorrected(res.correctedQuery)}</p>
          ) : null}
          {res.mode === 'loose' || res.mode === 'any' ? (
            <p className={`alert alert-info ${styles.notice}`}>{t.partialMatch}</p>
          ) : null}
          <p className={styles.resultsMeta} role="status">
            {res.total > PAGE_SIZE && shown
              ? t.resultsRange(from, from + shown - 1, res.totalCapped ? `${res.total}+` : String(res.total))
              : res.totalCapped
                ? t.resultsCountMany(res.total)
                : t.resultsCount(res.total)}
          </p>
          <ol className={styles.results}>
            {res.results.map((r) => (
              <li key={r.slug} className={styles.result}>
                <h2>
                  <Link href={articlePath(r.slug, lang)}>
                    <MarkedText parts={r.titleParts} />
                  </Link>
                </h2>
                {r.snippetParts.length ? (
                  <p>
                    <MarkedText parts={r.snippetParts} />
                  </p>
                ) : null}
                <span className="badge">
                  {t.categoryNames[r.category as keyof typeof t.categoryNames] ?? r.category}
                </span>
              </li>
            ))}
          </ol>
          {res.total > PAGE_SIZE ? (
            <nav className={styles.pager} aria-label={t.searchTitle}>
              {page > 1 ? (
                <Link href={searchPath(lang, q, page - 1)} className="btn btn-secondary">
                  {t.prevPage}
                </Link>
              ) : (
                <span />
              )}
              {from + shown - 1 < res.total ? (
                <Link href={searchPath(lang, q, page + 1)} className="btn btn-secondary">
                  {t.nextPage}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </section>
      ) : null}

      {res && res.total === 0 ? (
        <section aria-labelledby="no-results-title">
          <h2 id="no-results-title" role="status">
            {t.noResults}
          </h2>
          {res.suggestions.length ? (
            <>
              <p>{t.didYouMean}</p>
              <ul className={styles.suggestions}>
                {res.suggestions.map((s) => (
                  <li key={s}>
                    <Link href={searchPath(lang, s)}>{s}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="muted">{t.noResultsTips}</p>
        </section>
      ) : null}

      <section className={styles.section} aria-labelledby="trouble-link-title">
        <h2 id="trouble-link-title">{t.troubleTitle}</h2>
        <p>{t.troubleCtaLead}</p>
        <Link href={troubleshooterPath(lang)} className="btn btn-secondary">
          {t.troubleCta}
        </Link>
      </section>

      {popular.length ? (
        <section className={styles.section} aria-labelledby="popular-title">
          <h2 id="popular-title">{t.popularTitle}</h2>
          <ul className={styles.linkList}>
            {popular.map((a) => (
              <li key={a.slug}>
                <Link href={articlePath(a.slug, lang)}>
                  <span className={styles.linkText}>{brandText(a.title)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
