import { getStaffSession } from '@/lib/auth';
import { roleAtLeast } from '@/lib/staff/auth';
import { getLocale } from '@/lib/i18n/server';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { jobsMessages } from '@/lib/i18n/messages/jobs';
import { staffSignOutAction } from './actions';
import { ConsoleNav } from './_ui/console-nav';
import styles from '../staff.module.css';

/** The console's menu. Each page checks the role itself (a layout is not re-run on every navigation). */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const me = await getStaffSession();
  const locale = await getLocale();
  const t = staffMessages[locale];
  const links = [
    { href: '/staff', label: t.nav.dashboard, show: true },
    { href: '/staff/customers', label: t.nav.customers, show: true },
    { href: '/staff/audit', label: t.nav.audit, show: true },
    { href: '/staff/preview', label: t.nav.preview, show: true },
    { href: '/staff/users', label: t.nav.users, show: roleAtLeast(me?.role, 'admin') },
    { href: '/staff/jobs', label: jobsMessages[locale].nav, show: roleAtLeast(me?.role, 'admin') },
    { href: '/staff/security', label: t.security.navLabel, show: true },
  ];
  return (
    <>
      {me && (
        <div className={styles.bar}>
          <div className={styles.barInner}>
            <span className={styles.barTitle}>{t.consoleName}</span>
            <ConsoleNav
              label={t.nav.label}
              links={links.filter((l) => l.show).map(({ href, label }) => ({ href, label }))}
            />
            <div className={styles.barUser}>
              <span data-testid="staff-user">{t.nav.signedInAs(me.name)}</span>
              <span className={styles.roleBadge}>{t.roles[me.role]}</span>
              <form action={staffSignOutAction}>
                <button type="submit" className="btn-link">
                  {t.nav.logout}
                </button>
              </form>
            </div>
          </div>
        </div>
      )}
      {children}
    </>
  );
}
