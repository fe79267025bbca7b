import Link from 'next/link';
import styles from './site-header.module.css';
import { common } from '@/lib/i18n';
import type { Locale } from '@/lib/i18n';

/** Header with the language and text-size switches; plain POST forms, so they work without JavaScript. */
export function SiteHeader({
  locale,
  textSize,
  brand,
  path,
}: {
  locale: Locale;
  textSize: 'normal' | 'large';
  brand: string;
  path: string;
}) {
  const t = common[locale];
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/login" className={styles.brand}>
          {brand}
          <span>{t.brandSuffix}</span>
        </Link>
        <nav className={styles.nav} aria-label={locale === 'ja' ? 'サイト' : 'Site'}>
          <Link href="/help">{t.help}</Link>
          <Link href="/account/security">{t.security}</Link>
        </nav>
        <div className={styles.prefs}>
          <form method="post" action="/api/prefs" aria-label={t.textSize}>
            <input type="hidden" name="back" value={path} />
            <span className="visually-hidden">{t.textSize}</span>
            <button className={styles.pref} name="textSize" value="normal" aria-pressed={textSize === 'normal'}>
              {t.textSizeNormal}
            </button>{' '}
            <button className={styles.pref} name="textSize" value="large" aria-pressed={textSize === 'large'}>
              {t.textSizeLarge}
            </button>
          </form>
          <form method="post" action="/api/prefs">
            <input type="hidden" name="back" value={path} />
            <button
              className={styles.pref}
              name="lang"
              value={locale === 'ja' ? 'en' : 'ja'}
              lang={locale === 'ja' ? 'en' : 'ja'}
            >
              {t.switchTo}
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
