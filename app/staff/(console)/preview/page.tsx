import type { Metadata } from 'next';
import Link from 'next/link';
import { staffPage } from '@/lib/staff/page';
import { emailPreviews, PREVIEW_CASES } from '@/lib/staff/preview';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { PreviewBanner } from './preview-banner';
import styles from '../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].preview.title, robots: { index: false, follow: false } };
}

/** The map of every screen of the recovery flow and every email (reads nothing, writes nothing). */
export default async function PreviewMap() {
  const { locale } = await staffPage('viewer');
  const t = staffMessages[locale].preview;
  const main = PREVIEW_CASES.filter(
    (c) =>
      c.kind === 'state' &&
      ['intro', 'credentials', 'secret_question', 'account_data', 'otp', 'review', 'done'].includes(c.step),
  );
  const ends = PREVIEW_CASES.filter((c) => c.kind === 'state' && ['expired', 'locked', 'cancelled'].includes(c.step));
  const errors = PREVIEW_CASES.filter((c) => c.kind === 'error');
  const link = (id: string, label: string) => (
    <>
      <Link href={`/staff/preview/${id}`} prefetch={false}>
        {label}
      </Link>{' '}
      <Link
        href={`/staff/preview/${id}?lang=en`}
        prefetch={false}
        className="small"
        lang="en"
        aria-label={`${label} (English)`}
      >
        EN
      </Link>
    </>
  );
  return (
    <div className="page-wide stack">
      <PreviewBanner t={t} />
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      <section className="card" aria-labelledby="states-title">
        <h2 id="states-title" className={styles.cardTitle}>
          {t.states}
        </h2>
        <ol className={styles.flowMap} data-testid="preview-map">
          {main.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ol>
        <ul className={styles.flowEnds}>
          {ends.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="errors-title">
        <h2 id="errors-title" className={styles.cardTitle}>
          {t.errors}
        </h2>
        <ul className={styles.flowEnds}>
          {errors.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="emails-title">
        <h2 id="emails-title" className={styles.cardTitle}>
          {t.emails}
        </h2>
        <ul className={styles.flowEnds}>
          {emailPreviews().map((e) => (
            <li key={e.id}>
              <Link href={`/staff/preview/emails#${e.id}`} prefetch={false}>
                {e.label[locale]}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
