import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { staffPage } from '@/lib/staff/page';
import { findPagePreview, findPreviewCase, previewView } from '@/lib/staff/preview';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import type { Locale } from '@/lib/i18n/types';
import { PreviewBanner } from '../preview-banner';
import { PagePreviewFrame } from '../page-preview';
import { PreviewFrame } from '../preview-frame';
import styles from '../../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].preview.title, robots: { index: false, follow: false } };
}

type Width = 'phone' | 'desktop';

/**
 * One state of the flow with sample data: ?lang=ja|en picks the customer's language, ?width=phone|desktop
 * the frame width (390 px or 1280 px). Reads no customer data and writes nothing.
 */
export default async function PreviewState({
  params,
  searchParams,
}: {
  params: Promise<{ state: string }>;
  searchParams: Promise<{ lang?: string; width?: string }>;
}) {
  const { locale } = await staffPage('viewer');
  const t = staffMessages[locale].preview;
  const id = (await params).state;
  const c = findPreviewCase(id) ?? findPagePreview(id);
  if (!c) notFound();
  const sp = await searchParams;
  const lang: Locale = sp.lang === 'en' ? 'en' : 'ja';
  const width: Width = sp.width === 'desktop' ? 'desktop' : 'phone';
  const href = (l: Locale, w: Width) =>
    `/staff/preview/${c.id}?${new URLSearchParams({ ...(l === 'en' ? { lang: 'en' } : {}), ...(w === 'desktop' ? { width: 'desktop' } : {}) })}`.replace(
      /\?$/,
      '',
    );
  const widthLabel = width === 'phone' ? t.phone : t.desktop;
  return (
    <div className={`${styles.previewPage} stack`}>
      <PreviewBanner t={t} />
      <p>
        <Link href="/staff/preview" prefetch={false}>
          ← {t.backToMap}
        </Link>
      </p>
      <h1>
        {t.title}
        {staffMessages[locale].sep}
        {c.label[locale]}
      </h1>
      <div className={styles.toggles}>
        <nav aria-label={t.lang}>
          <span className={styles.toggleLabel}>{t.lang}</span>
          <Link href={href('ja', width)} prefetch={false} aria-current={lang === 'ja' ? 'page' : undefined} lang="ja">
            日本語
          </Link>
          <Link href={href('en', width)} prefetch={false} aria-current={lang === 'en' ? 'page' : undefined} lang="en">
            English
          </Link>
        </nav>
        <nav aria-label={t.width}>
          <span className={styles.toggleLabel}>{t.width}</span>
          <Link href={href(lang, 'phone')} prefetch={false} aria-current={width === 'phone' ? 'page' : undefined}>
            {t.phone}
          </Link>
          <Link href={href(lang, 'desktop')} prefetch={false} aria-current={width === 'desktop' ? 'page' : undefined}>
            {t.desktop}
          </Link>
        </nav>
      </div>
      <div className={styles.frameScroll}>
        <div
          className={width === 'phone' ? styles.framePhone : styles.frameDesktop}
          aria-label={t.frameTitle(c.label[locale], widthLabel)}
          role="region"
        >
          <div className={styles.frameBadge} aria-hidden="true">
            {t.banner} · {widthLabel} · {lang}
          </div>
          <div className={width === 'phone' ? styles.frameBodyPhone : 'page'}>
            {'step' in c ? (
              <PreviewFrame
                key={`${c.id}-${lang}`}
                view={previewView(c, lang)}
                locale={lang}
                flash={c.flash}
                fill={c.fill}
                submittedText={t.bannerNote}
              />
            ) : (
              <PagePreviewFrame key={`${c.id}-${lang}`} page={c.id} locale={lang} submittedText={t.bannerNote} />
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
