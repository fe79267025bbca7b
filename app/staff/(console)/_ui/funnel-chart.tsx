import type { Funnel } from '@/lib/staff/stats';
import { FUNNEL_STAGES } from '@/lib/staff/stats';
import type { StaffMessages } from '@/lib/i18n/messages/staff';
import styles from '../../staff.module.css';

const OUTCOMES = ['locked', 'expired', 'cancelled'] as const;

/** CSS bars with their numbers as text: readable without colour, without CSS, and by a screen reader. */
export function FunnelChart({
  funnel,
  period,
  t,
  id,
}: {
  funnel: Funnel;
  period: string;
  t: StaffMessages;
  id: string;
}) {
  const max = Math.max(1, funnel.started);
  const row = (key: keyof Funnel, warn = false) => (
    <li key={key} className={styles.chartRow}>
      <span>{t.dashboard.stages[key]}</span>
      <span className={styles.chartTrack} aria-hidden="true">
        <span
          className={`${styles.chartBar} ${warn ? styles.chartBarWarn : ''}`}
          style={{ width: `${(funnel[key] / max) * 100}%`, display: 'block' }}
        />
      </span>
      <span className={styles.num} data-testid={`${id}-${key}`}>
        {funnel[key]}
      </span>
    </li>
  );
  return (
    <figure aria-labelledby={`${id}-caption`} style={{ margin: 0 }}>
      <figcaption id={`${id}-caption`}>
        <h3>{period}</h3>
        <span className="visually-hidden">{t.dashboard.chartLabel(period)}</span>
      </figcaption>
      <ul className={styles.chart}>{FUNNEL_STAGES.map((s) => row(s))}</ul>
      <p className="small muted" style={{ marginBottom: 'var(--space-2)' }}>
        {t.dashboard.outcomes}
      </p>
      <ul className={styles.chart}>{OUTCOMES.map((s) => row(s, true))}</ul>
    </figure>
  );
}

/** The same numbers as a table, with the share of started flows. */
export function FunnelTable({ today, week, t }: { today: Funnel; week: Funnel; t: StaffMessages }) {
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '—');
  return (
    <div className={styles.tableWrap}>
      <table className="data">
        <caption className="visually-hidden">{t.dashboard.funnelTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{t.dashboard.stage}</th>
            <th scope="col" className={styles.num}>
              {t.dashboard.today}
            </th>
            <th scope="col" className={styles.num}>
              {t.dashboard.rate}
            </th>
            <th scope="col" className={styles.num}>
              {t.dashboard.week}
            </th>
            <th scope="col" className={styles.num}>
              {t.dashboard.rate}
            </th>
          </tr>
        </thead>
        <tbody>
          {[...FUNNEL_STAGES, ...OUTCOMES].map((s) => (
            <tr key={s}>
              <th scope="row">{t.dashboard.stages[s]}</th>
              <td className={styles.num}>{today[s]}</td>
              <td className={styles.num}>{pct(today[s], today.started)}</td>
              <td className={styles.num}>{week[s]}</td>
              <td className={styles.num}>{pct(week[s], week.started)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
