import type { StaffMessages } from '@/lib/i18n/messages/staff';
import styles from '../../staff.module.css';

/** One kind's funnel as the chart and table draw it: its stages in order, its outcomes, and their labels. */
export type FunnelSpec = {
  stages: readonly string[];
  outcomes: readonly string[];
  labels: Record<string, string>;
};

type Counts = Record<string, number> & { started: number };

/** CSS bars with their numbers as text: readable without colour, without CSS, and by a screen reader. */
export function FunnelChart({
  funnel,
  spec,
  period,
  kindLabel,
  t,
  id,
}: {
  funnel: Counts;
  spec: FunnelSpec;
  period: string;
  kindLabel: string;
  t: StaffMessages;
  id: string;
}) {
  const max = Math.max(1, funnel.started);
  const row = (key: string, warn = false) => (
    <li key={key} className={styles.chartRow}>
      <span>{spec.labels[key]}</span>
      <span className={styles.chartTrack} aria-hidden="true">
        <span
          className={`${styles.chartBar} ${warn ? styles.chartBarWarn : ''}`}
          style={{ width: `${((funnel[key] ?? 0) / max) * 100}%`, display: 'block' }}
        />
      </span>
      <span className={styles.num} data-testid={`${id}-${key}`}>
        {funnel[key] ?? 0}
      </span>
    </li>
  );
  return (
    <figure aria-labelledby={`${id}-caption`} style={{ margin: 0 }}>
      <figcaption id={`${id}-caption`}>
        <h4>{period}</h4>
        <span className="visually-hidden">
          {kindLabel}
          {t.sep}
          {t.dashboard.chartLabel(period)}
        </span>
      </figcaption>
      <ul className={styles.chart}>{spec.stages.map((s) => row(s))}</ul>
      <p className="small muted" style={{ marginBottom: 'var(--space-2)' }}>
        {t.dashboard.outcomes}
      </p>
      <ul className={styles.chart}>{spec.outcomes.map((s) => row(s, true))}</ul>
    </figure>
  );
}

/** The same numbers as a table, with the share of started flows. */
export function FunnelTable({
  today,
  week,
  spec,
  caption,
  t,
}: {
  today: Counts;
  week: Counts;
  spec: FunnelSpec;
  caption: string;
  t: StaffMessages;
}) {
  const pct = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '—');
  return (
    <div className={styles.tableWrap}>
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
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
          {[...spec.stages, ...spec.outcomes].map((s) => (
            <tr key={s}>
              <th scope="row">{spec.labels[s]}</th>
              <td className={styles.num}>{today[s] ?? 0}</td>
              <td className={styles.num}>{pct(today[s] ?? 0, today.started)}</td>
              <td className={styles.num}>{week[s] ?? 0}</td>
              <td className={styles.num}>{pct(week[s] ?? 0, week.started)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
