import type { Metadata } from 'next';
import Link from 'next/link';
import { staffPage } from '@/lib/staff/page';
import { emailPreviews, PAGE_PREVIEWS, PREVIEW_CASES, previewCasesOf } from '@/lib/staff/preview';
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
  const ENDS = ['expired', 'locked', 'cancelled'];
  const flowList = (kind: 'passkey' | 'password') => {
    const states = previewCasesOf(kind, 'state');
    return { main: states.filter((c) => !ENDS.includes(c.step)), ends: states.filter((c) => ENDS.includes(c.step)) };
  };
  const passkey = flowList('passkey');
  const password = flowList('password');
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
          {t.statesPasskey}
        </h2>
        <ol className={styles.flowMap} data-testid="preview-map">
          {passkey.main.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ol>
        <ul className={styles.flowEnds}>
          {passkey.ends.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="password-states-title">
        <h2 id="password-states-title" className={styles.cardTitle}>
          {t.statesPassword}
        </h2>
        <p className="small muted">{t.statesPasswordNote}</p>
        <ol className={styles.flowMap} data-testid="preview-map-password">
          {password.main.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ol>
        <ul className={styles.flowEnds}>
          {password.ends.map((c) => (
            <li key={c.id}>{link(c.id, c.label[locale])}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="pages-title">
        <h2 id="pages-title" className={styles.cardTitle}>
          {t.pages}
        </h2>
        <ul className={styles.flowEnds} data-testid="preview-map-pages">
          {PAGE_PREVIEWS.map((p) => (
            <li key={p.id}>{link(p.id, p.label[locale])}</li>
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
