import styles from '../../staff.module.css';

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/**
 * An audit event's details as compact `key: value` lines (the user agent tucked away). Values are
 * whatever was recorded — customer-typed text included — and React escapes every one of them.
 */
export function AuditDetails({ details, moreLabel }: { details: Record<string, unknown>; moreLabel: string }) {
  const entries = Object.entries(details).filter(([k]) => k !== 'userAgent');
  const ua = typeof details.userAgent === 'string' ? details.userAgent : null;
  if (entries.length === 0 && !ua) return <span className="muted">—</span>;
  return (
    <div className={styles.detailsBox}>
      {entries.length > 0 && (
        <dl className={styles.detailsList}>
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{short(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      {ua && (
        <details>
          <summary>{moreLabel}</summary>
          <pre className={styles.details}>{JSON.stringify(details, null, 1)}</pre>
        </details>
      )}
    </div>
  );
}
