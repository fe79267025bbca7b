import type { Metadata } from 'next';
import { staffPage } from '@/lib/staff/page';
import { listStaff } from '@/lib/staff/users';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { CreateStaffForm, StaffTable } from './staff-forms';
import styles from '../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].users.title, robots: { index: false, follow: false } };
}

export default async function StaffUsersPage() {
  const { db, principal, ctx, locale, me } = await staffPage('admin');
  const t = staffMessages[locale];
  const res = await listStaff(db, principal, ctx);
  if (!res.ok)
    return (
      <div className="page-wide">
        <p className="alert alert-error" role="alert">
          {t.errors.forbidden}
        </p>
      </div>
    );
  return (
    <div className="page-wide stack">
      <h1>{t.users.title}</h1>
      <p className="muted">{t.users.lead}</p>
      <section className="card" aria-labelledby="list-title">
        <h2 id="list-title" className={styles.cardTitle}>
          {t.users.list}
        </h2>
        <StaffTable
          locale={locale}
          meId={me.id}
          rows={res.data.map((s) => ({ ...s, createdAt: formatDateTime(s.createdAt, locale) }))}
        />
      </section>
      <section className="card" aria-labelledby="create-title">
        <h2 id="create-title" className={styles.cardTitle}>
          {t.users.createTitle}
        </h2>
        <CreateStaffForm locale={locale} />
      </section>
    </div>
  );
}
