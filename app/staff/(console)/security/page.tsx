import type { Metadata } from 'next';
import { staffPage } from '@/lib/staff/page';
import { myStaffPasskeys } from '@/lib/staff/passkeys';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { EnrollForm } from './enroll-form';
import styles from '../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].security.title, robots: { index: false, follow: false } };
}

/** /staff/security — the signed-in member's own staff passkeys, and registering one. */
export default async function StaffSecurityPage() {
  const { db, principal, ctx, locale } = await staffPage('viewer');
  const t = staffMessages[locale];
  const s = t.security;
  const res = await myStaffPasskeys(db, principal, locale, ctx);
  if (!res.ok)
    return (
      <div className="page">
        <p className="alert alert-error" role="alert">
          {t.errors.forbidden}
        </p>
      </div>
    );
  const { passkeys, codeRequired } = res.data;
  return (
    <div className="page stack">
      <h1>{s.title}</h1>
      <p className="muted">{s.lead}</p>
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title" className={styles.cardTitle}>
          {s.listTitle}
        </h2>
        {passkeys.length === 0 ? (
          <p data-testid="no-staff-passkeys">{s.none}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className="data" data-testid="staff-passkeys">
              <thead>
                <tr>
                  <th scope="col">{s.nickname}</th>
                  <th scope="col">{s.authenticator}</th>
                  <th scope="col">{s.createdAt}</th>
                  <th scope="col">{s.lastUsedAt}</th>
                </tr>
              </thead>
              <tbody>
                {passkeys.map((k) => (
                  <tr key={k.credentialId}>
                    <td>{k.nickname}</td>
                    <td>{k.authenticator}</td>
                    <td>{formatDateTime(k.createdAt, locale)}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : s.never}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="enroll-title">
        <h2 id="enroll-title" className={styles.cardTitle}>
          {s.enrollTitle}
        </h2>
        <p>{codeRequired ? s.enrollLead : s.demoNote}</p>
        <EnrollForm locale={locale} codeRequired={codeRequired} />
      </section>
    </div>
  );
}
