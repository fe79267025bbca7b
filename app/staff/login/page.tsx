import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getStaffSession } from '@/lib/auth';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { StaffLoginForm } from './login-form';
import styles from '../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].login.title, robots: { index: false, follow: false } };
}

export default async function StaffLoginPage() {
  if (await getStaffSession()) redirect('/staff');
  const locale = await getLocale();
  const t = staffMessages[locale];
  return (
    <div className={styles.narrow}>
      <div className="card">
        <p className={styles.kicker}>{t.consoleName}</p>
        <h1>{t.login.title}</h1>
        <p className="muted">{t.login.lead}</p>
        <StaffLoginForm locale={locale} />
      </div>
      <p className={styles.center}>
        <Link href="/login">{t.login.customerLogin}</Link>
      </p>
    </div>
  );
}
