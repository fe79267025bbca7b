import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale } from '@/lib/i18n/server';
import { loginMessages } from '@/lib/i18n/messages/login';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { LoginForm } from './login-form';
import { PasskeyButton } from './passkey-button';
import styles from './login.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: loginMessages[await getLocale()].title };
}

export default async function LoginPage() {
  const locale = await getLocale();
  const t = loginMessages[locale];
  return (
    <div className={styles.wrap}>
      <div className={styles.card}>
        <h1>{t.title}</h1>
        <p className={styles.lead}>{t.lead}</p>
        <LoginForm locale={locale} />
        <ul className={styles.forgot} data-testid="login-forgot">
          <li>
            <Link href="/recovery/password">{recoveryPasswordMessages[locale].links.forgotPassword}</Link>
          </li>
          <li>
            <Link href="/recovery/login-id">{recoveryPasswordMessages[locale].links.forgotLoginId}</Link>
          </li>
        </ul>
        <div className={styles.divider}>{t.or}</div>
        <PasskeyButton locale={locale} />
      </div>
      <p className={styles.trouble}>
        <Link href="/help/login-trouble">{t.trouble}</Link>
      </p>
    </div>
  );
}
