import type { Metadata, Viewport } from 'next';
import { cookies, headers } from 'next/headers';
import './globals.css';
import { SiteHeader } from './_ui/site-header';
import footer from './_ui/site-header.module.css';
import { getLocale } from '@/lib/i18n/server';
import { common } from '@/lib/i18n';
import { appOrigin, env } from '@/lib/config/env';
import { supportContact } from '@/lib/recovery/support';
import { supportHours } from '@/lib/recovery/support-hours';

export async function generateMetadata(): Promise<Metadata> {
  const locale = await getLocale();
  return {
    title: { default: `${common[locale].loginTrouble} | ${env().BRAND_NAME}`, template: `%s | ${env().BRAND_NAME}` },
    description:
      locale === 'ja'
        ? 'ログインできないときの解決方法と、パスキーの解除手続き。'
        : 'Help for login problems and passkey removal.',
    metadataBase: new URL(appOrigin()),
    icons: {
      icon: [
        { url: '/favicon.svg', type: 'image/svg+xml' },
        { url: '/icon-192.png', sizes: '192x192', type: 'image/png' },
      ],
      apple: '/apple-touch-icon.png',
    },
    openGraph: { images: [{ url: '/og-image.png', width: 1200, height: 630 }] },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#0b4a8b' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const textSize = (await cookies()).get('textSize')?.value === 'large' ? 'large' : 'normal';
  const path = (await headers()).get('x-lhp-path') ?? '/';
  const t = common[locale];
  return (
    <html lang={locale} data-text-size={textSize}>
      <body>
        <a className="skip-link" href="#main">
          {t.skipToContent}
        </a>
        <SiteHeader locale={locale} textSize={textSize} brand={env().BRAND_NAME} path={path} />
        <main id="main">{children}</main>
        <footer className={footer.footer}>
          <p>{t.supportPhone(env().SUPPORT_PHONE, supportHours(supportContact(), locale))}</p>
          <p>{t.footerNote}</p>
        </footer>
      </body>
    </html>
  );
}
