import type { Metadata } from 'next';
import Link from 'next/link';
import { staffPage } from '@/lib/staff/page';
import {
  dashboard,
  FUNNEL_OUTCOMES,
  FUNNEL_STAGES,
  PASSWORD_FUNNEL_OUTCOMES,
  PASSWORD_FUNNEL_STAGES,
} from '@/lib/staff/stats';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { FunnelChart, FunnelTable } from './_ui/funnel-chart';
import styles from '../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].dashboard.title, robots: { index: false, follow: false } };
}

export default async function StaffDashboard({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { db, principal, ctx, locale } = await staffPage('viewer');
  const t = staffMessages[locale];
  const denied = (await searchParams).denied === '1';
  const res = await dashboard(db, principal, ctx);
  if (!res.ok)
    return (
      <div className="page-wide">
        <p className="alert alert-error" role="alert">
          {t.errors[res.code === 'forbidden' ? 'forbidden' : 'error']}
        </p>
      </div>
    );
  const d = res.data;
  const fmt = (x: Date) => formatDateTime(x, locale);
  // Each kind counted apart: their steps differ (docs/design.md#forgotten-password).
  const funnels = [
    {
      id: 'funnel',
      title: t.dashboard.funnelPasskey,
      today: d.today,
      week: d.week,
      spec: { stages: FUNNEL_STAGES, outcomes: FUNNEL_OUTCOMES, labels: t.dashboard.stages },
    },
    {
      id: 'pw-funnel',
      title: t.dashboard.funnelPassword,
      today: d.password.today,
      week: d.password.week,
      spec: { stages: PASSWORD_FUNNEL_STAGES, outcomes: PASSWORD_FUNNEL_OUTCOMES, labels: t.dashboard.passwordStages },
    },
  ];
  return (
    <div className="page-wide stack">
      <h1>{t.dashboard.title}</h1>
      {denied && (
        <p className="alert alert-warn" role="alert">
          {t.deniedBanner}
        </p>
      )}

      <section className="card" aria-labelledby="cases-title">
        <h2 id="cases-title" className={styles.cardTitle}>
          {t.dashboard.casesTitle}
        </h2>
        <h3>{t.dashboard.pendingTitle}</h3>
        {d.cases.pendingResets.length === 0 ? (
          <p className="muted">{t.dashboard.noCases}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className="data" data-testid="pending-resets">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.customer}</th>
                  <th scope="col">{t.dashboard.caseNumber}</th>
                  <th scope="col">{t.dashboard.requestedBy}</th>
                  <th scope="col">{t.dashboard.requestedAt}</th>
                </tr>
              </thead>
              <tbody>
                {d.cases.pendingResets.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/staff/customers/${r.customerId}`} prefetch={false}>
                        {r.customerName}（{r.loginId}）
                      </Link>
                    </td>
                    <td className={styles.mono}>{r.caseNumber}</td>
                    <td>{r.requestedByName}</td>
                    <td>{fmt(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>{t.dashboard.notMeTitle}</h3>
        <p className="small muted">{t.dashboard.notMeLead}</p>
        {d.cases.notMeLocked.length === 0 ? (
          <p className="muted">{t.dashboard.noCases}</p>
        ) : (
          <ul>
            {d.cases.notMeLocked.map((c) => (
              <li key={c.id}>
                <Link href={`/staff/customers/${c.id}`} prefetch={false}>
                  {c.nameKanji}（{c.loginId}）
                </Link>{' '}
                — {t.dashboard.since}：{c.since ? fmt(c.since) : '—'}
              </li>
            ))}
          </ul>
        )}
        <h3>{t.dashboard.recoveryLockTitle}</h3>
        {d.cases.recoveryLocked.length === 0 ? (
          <p className="muted">{t.dashboard.noCases}</p>
        ) : (
          <ul>
            {d.cases.recoveryLocked.map((c) => (
              <li key={c.id}>
                <Link href={`/staff/customers/${c.id}`} prefetch={false}>
                  {c.nameKanji}（{c.loginId}）
                </Link>{' '}
                — {t.dashboard.until}：{c.until ? fmt(c.until) : '—'}
              </li>
            ))}
          </ul>
        )}
        <h3>{t.dashboard.alertsTitle}</h3>
        <p className="small muted">{t.dashboard.alertsLead}</p>
        {d.cases.securityAlerts.length === 0 ? (
          <p className="muted">{t.dashboard.noCases}</p>
        ) : (
          <ul data-testid="security-alerts">
            {d.cases.securityAlerts.map((a) => (
              <li key={a.id}>
                {fmt(a.at)} — IP <span className={styles.mono}>{a.ip ?? '—'}</span>：
                {t.dashboard.alertIds(a.distinctLoginIds)}（
                <Link href={`/staff/audit?action=${encodeURIComponent(a.action)}`} prefetch={false}>
                  {t.dashboard.alertAudit}
                </Link>
                ）
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="funnel-title">
        <h2 id="funnel-title" className={styles.cardTitle}>
          {t.dashboard.funnelTitle}
        </h2>
        <p className="muted">{t.dashboard.funnelLead}</p>
        {funnels.map((k) => (
          <section key={k.id} aria-labelledby={`${k.id}-title`} data-testid={k.id}>
            <h3 id={`${k.id}-title`}>{k.title}</h3>
            <div className={styles.grid2}>
              <FunnelChart
                id={`${k.id}-today`}
                funnel={k.today}
                spec={k.spec}
                kindLabel={k.title}
                period={t.dashboard.today}
                t={t}
              />
              <FunnelChart
                id={`${k.id}-week`}
                funnel={k.week}
                spec={k.spec}
                kindLabel={k.title}
                period={t.dashboard.week}
                t={t}
              />
            </div>
            <details>
              <summary>
                {k.title}
                {t.sep}
                {t.dashboard.tableToggle}
              </summary>
              <FunnelTable today={k.today} week={k.week} spec={k.spec} caption={k.title} t={t} />
            </details>
          </section>
        ))}
      </section>

      <section className="card" aria-labelledby="zero-title">
        <h2 id="zero-title" className={styles.cardTitle}>
          {t.dashboard.zeroTitle}
        </h2>
        <p className="muted">{t.dashboard.zeroLead}</p>
        {d.zeroResults.length === 0 ? (
          <p className="muted">{t.dashboard.zeroNone}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className="data" data-testid="zero-results">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.query}</th>
                  <th scope="col">{t.dashboard.lang}</th>
                  <th scope="col" className={styles.num}>
                    {t.dashboard.times}
                  </th>
                  <th scope="col">{t.dashboard.lastAt}</th>
                </tr>
              </thead>
              <tbody>
                {d.zeroResults.map((z) => (
                  <tr key={`${z.lang}:${z.query}`}>
                    <td>{z.query}</td>
                    <td>{z.lang}</td>
                    <td className={styles.num}>{z.count}</td>
                    <td>{fmt(z.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
