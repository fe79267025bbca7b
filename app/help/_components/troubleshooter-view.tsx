import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db/client';
import { env } from '@/lib/config/env';
import { supportContact } from '@/lib/recovery/support';
import { supportHours } from '@/lib/recovery/support-hours';
import { getArticleTitles, type HelpLang } from '@/lib/help/articles';
import { articlePath, helpHomePath, troubleshooterPath } from '@/lib/help/paths';
import { isSymptomKey, SYMPTOM_KEYS, SYMPTOMS, type SymptomKey } from '@/lib/help/troubleshooter';
import { helpMessages } from '@/lib/i18n/messages/help';
import styles from './help.module.css';
import { alternates, brandText, followLanguageChoice, otherLang } from './page-context';
import { SearchBox } from './search-box';

export function troubleshooterMetadata(lang: HelpLang): Metadata {
  const t = helpMessages[lang];
  return {
    title: t.troubleTitle,
    description: t.troubleLead,
    alternates: alternates((l) => troubleshooterPath(l), lang, ['ja', 'en']),
  };
}

function SymptomList({ lang, keys, selected }: { lang: HelpLang; keys: SymptomKey[]; selected: SymptomKey | null }) {
  const t = helpMessages[lang];
  return (
    <ul className={styles.symptoms}>
      {keys.map((k) => (
        <li key={k}>
          {k === selected ? (
            // The chosen symptom is where the visitor already is: shown, not linked.
            <span className={`${styles.symptom} ${styles.symptomCurrent}`} aria-current="true">
              {t.symptoms[k].label}
            </span>
          ) : (
            <Link href={troubleshooterPath(lang, k)} className={styles.symptom}>
              <span>{t.symptoms[k].label}</span>
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * 「ログインでお困りの方」: every symptom is a link (?symptom=…#answer), so the guide works without
 * JavaScript; the chosen one shows its explanation, the action that fixes it and its article.
 */
export async function TroubleshooterView({ lang, symptom }: { lang: HelpLang; symptom: string | undefined }) {
  const selected = isSymptomKey(symptom) ? symptom : null;
  await followLanguageChoice(lang, troubleshooterPath(otherLang(lang), selected ?? undefined).replace(/#answer$/, ''));
  const t = helpMessages[lang];
  const s = selected ? SYMPTOMS[selected] : null;
  const [article] = s ? await getArticleTitles(await getDb(), [s.article], lang) : [];
  const articleHref = s ? articlePath(s.article, article ? lang : 'ja') : '';
  const main = SYMPTOM_KEYS.filter((k) => SYMPTOMS[k].main);
  const other = SYMPTOM_KEYS.filter((k) => !SYMPTOMS[k].main);

  return (
    <div className={`page ${styles.help}`} lang={lang}>
      <nav aria-label={t.breadcrumb} className={styles.breadcrumbs}>
        <ol>
          <li>
            <Link href={helpHomePath(lang)}>{t.helpCenter}</Link>
          </li>
        </ol>
      </nav>
      <h1>{t.troubleTitle}</h1>
      {s && selected ? (
        <section id="answer" className={styles.answer} aria-labelledby="answer-title">
          <span className={styles.eyebrow}>{t.chosenSymptom}</span>
          <h2 id="answer-title">{t.symptoms[selected].label}</h2>
          <p>{t.symptoms[selected].answer}</p>
          {s.action && s.actionFirst ? (
            <div className={styles.answerActions}>
              <Link href={s.action.href} className="btn btn-primary">
                {t[s.action.label]}
              </Link>
            </div>
          ) : null}
          <Link href={articleHref} className={styles.articleCard}>
            <span className={styles.eyebrow}>{t.readArticle}</span>
            <span className={styles.articleCardTitle}>
              {article ? brandText(article.title) : t.symptoms[selected].label}
            </span>
          </Link>
          {s.action && !s.actionFirst ? (
            <div className={styles.answerActions}>
              <Link href={s.action.href} className="btn btn-secondary">
                {t[s.action.label]}
              </Link>
            </div>
          ) : null}
        </section>
      ) : (
        <p className={styles.lead}>{t.troubleLead}</p>
      )}
      <section aria-labelledby="symptoms-title" id="symptoms">
        <h2 id="symptoms-title">{selected ? t.chooseAnother : t.mainSymptoms}</h2>
        <SymptomList lang={lang} keys={main} selected={selected} />
      </section>
      <section className={styles.section} aria-labelledby="other-symptoms-title">
        <h2 id="other-symptoms-title">{t.otherSymptoms}</h2>
        <SymptomList lang={lang} keys={other} selected={selected} />
      </section>
      <section className={styles.section} aria-label={t.searchLabel}>
        <SearchBox lang={lang} id="trouble-q" />
      </section>
      <section className={styles.support} aria-labelledby="support-title">
        <h2 id="support-title">{t.stillStuck}</h2>
        <p>{t.stillStuckBody(env().SUPPORT_PHONE, supportHours(supportContact(), lang))}</p>
      </section>
    </div>
  );
}
