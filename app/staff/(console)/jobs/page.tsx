import type { Metadata } from 'next';
import { staffPage } from '@/lib/staff/page';
import { jobStatus } from '@/lib/jobs/status';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { jobsMessages } from '@/lib/i18n/messages/jobs';
import { staffMessages } from '@/lib/i18n/messages/staff';
import styles from '../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: jobsMessages[await getLocale()].title, robots: { index: false, follow: false } };
}

/** Admins: when each scheduled job last ran, whether it worked, and what it removed. */
export default async function JobsPage() {
  const { db, principal, ctx, locale } = await staffPage('admin');
  const t = jobsMessages[locale];
  const res = await jobStatus(db, principal, ctx);
  if (!res.ok)
    return (
      <div className="page-wide">
        <p className="alert alert-error" role="alert">
          {staffMessages[locale].errors[res.code === 'forbidden' ? 'forbidden' : 'error']}
        </p>
      </div>
    );
  const fmt = (d: Date | null) => (d ? formatDateTime(d, locale) : '—');
  return (
    <div className="page-wide stack">
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      {res.data.length === 0 ? (
        <p className="muted">{t.none}</p>
      ) : (
        <div className={styles.tableWrap}>
          <table className="data" data-testid="job-runs">
            <thead>
              <tr>
                <th scope="col">{t.name}</th>
                <th scope="col">{t.lastStarted}</th>
                <th scope="col">{t.lastFinished}</th>
                <th scope="col">{t.outcome}</th>
                <th scope="col">{t.counts}</th>
              </tr>
            </thead>
            <tbody>
              {res.data.map((j) => {
                const running = j.lastStartedAt && (!j.lastFinishedAt || j.lastFinishedAt < j.lastStartedAt);
                return (
                  <tr key={j.name}>
                    <td>
                      {t.names[j.name] ?? j.name}
                      <br />
                      <span className={`muted ${styles.mono}`}>{j.name}</span>
                    </td>
                    <td>{fmt(j.lastStartedAt)}</td>
                    <td>{fmt(j.lastFinishedAt)}</td>
                    <td>{running ? t.running : j.lastOk ? t.ok : j.lastOk === false ? t.failed : '—'}</td>
                    <td>
                      {Object.entries(j.lastResult).map(([k, v]) => (
                        <span key={k}>
                          {t.countNames[k] ?? k}: {typeof v === 'object' ? JSON.stringify(v) : String(v)}
                          <br />
                        </span>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
