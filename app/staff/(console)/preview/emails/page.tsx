import type { Metadata } from 'next';
import Link from 'next/link';
import { staffPage } from '@/lib/staff/page';
import { emailPreviews } from '@/lib/staff/preview';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { PreviewBanner } from '../preview-banner';
import styles from '../../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].preview.emails, robots: { index: false, follow: false } };
}

/** Every notification email (lib/notify/templates.ts) with sample data, as the plain text customers get. */
export default async function EmailPreviews() {
  const { locale } = await staffPage('viewer');
  const t = staffMessages[locale].preview;
  return (
    <div className="page-wide stack">
      <PreviewBanner t={t} />
      <p>
        <Link href="/staff/preview" prefetch={false}>
          ← {t.backToMap}
        </Link>
      </p>
      <h1>{t.emails}</h1>
      {emailPreviews().map((e) => (
        <section key={e.id} id={e.id} className="card" aria-labelledby={`${e.id}-title`}>
          <h2 id={`${e.id}-title`} className={styles.cardTitle}>
            {e.label[locale]} <span className={`${styles.mono} muted`}>{e.email.template}</span>
          </h2>
          <dl className="kv">
            <dt>{t.emailSubject}</dt>
            <dd>{e.email.subject}</dd>
          </dl>
          <h3>{t.emailBody}</h3>
          <pre className={styles.mailBody}>{e.email.body}</pre>
        </section>
      ))}
    </div>
  );
}
