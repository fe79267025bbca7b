import type { Metadata } from 'next';
import Link from 'next/link';
import { staffPage } from '@/lib/staff/page';
import { checkAuditChain, queryAuditLog } from '@/lib/staff/audit-log';
import { roleAtLeast } from '@/lib/staff/auth';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { fieldMessage } from '../_ui/messages';
import { AuditDetails } from '../_ui/audit-details';
import { ChainStatus } from './chain-status';
import styles from '../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].audit.title, robots: { index: false, follow: false } };
}

type Search = { action?: string; customer?: string; actor?: string; from?: string; to?: string; before?: string };
const KEYS = ['action', 'customer', 'actor', 'from', 'to'] as const;

/** The filters are a GET form (nothing secret in them: action names, IDs, dates), so results can be linked. */
export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { db, principal, ctx, locale, me } = await staffPage('viewer');
  const t = staffMessages[locale];
  const a = t.audit;
  const raw = await searchParams;
  const filters: Search = {};
  for (const k of [...KEYS, 'before'] as const) {
    const v = raw[k];
    if (typeof v === 'string' && v !== '') filters[k] = v.slice(0, 300);
  }
  // The page of events and the check's last result are independent reads: asked for together.
  const [page, chain] = await Promise.all([
    queryAuditLog(db, principal, filters, ctx),
    roleAtLeast(me.role, 'admin') ? checkAuditChain(db, principal, ctx) : null,
  ]);
  const fieldErrors = !page.ok ? (page.fieldErrors ?? {}) : {};
  const err = (k: string) => fieldMessage(t, fieldErrors[k]);
  const hrefWith = (before?: number) => {
    const q = new URLSearchParams();
    for (const k of KEYS) if (filters[k]) q.set(k, filters[k]!);
    if (before) q.set('before', String(before));
    const s = q.toString();
    return s ? `/staff/audit?${s}` : '/staff/audit';
  };
  const fmt = (d: Date) => formatDateTime(d, locale);

  return (
    <div className="page-wide stack">
      <h1>{a.title}</h1>
      <p className="muted">{a.lead}</p>

      <section className="card" aria-labelledby="chain-title">
        <h2 id="chain-title" className={styles.cardTitle}>
          {a.chainTitle}
        </h2>
        {!chain ? (
          <p className="muted">{a.chainAdminOnly}</p>
        ) : !chain.ok ? (
          <p className="alert alert-error" role="alert">
            {t.errors.error}
          </p>
        ) : (
          <ChainStatus status={chain.data} t={t} fmt={fmt} />
        )}
      </section>

      <form method="get" action="/staff/audit" className="card" aria-labelledby="filters-title">
        <h2 id="filters-title" className={styles.cardTitle}>
          {a.filters}
        </h2>
        <div className={styles.filters}>
          <div className="field">
            <label htmlFor="f-action">{a.action}</label>
            <span className="hint" id="f-action-hint">
              {a.actionHint}
            </span>
            <input
              id="f-action"
              name="action"
              type="text"
              defaultValue={filters.action ?? ''}
              maxLength={100}
              aria-describedby="f-action-hint f-action-error"
              aria-invalid={!!err('action')}
            />
            <div id="f-action-error" className="field-error" aria-live="polite">
              {err('action')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-customer">{a.customer}</label>
            <input
              id="f-customer"
              name="customer"
              type="text"
              defaultValue={filters.customer ?? ''}
              maxLength={64}
              aria-describedby="f-customer-error"
              aria-invalid={!!err('customer')}
            />
            <div id="f-customer-error" className="field-error" aria-live="polite">
              {err('customer')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-actor">{a.actor}</label>
            <input
              id="f-actor"
              name="actor"
              type="text"
              defaultValue={filters.actor ?? ''}
              maxLength={254}
              aria-describedby="f-actor-error"
              aria-invalid={!!err('actor')}
            />
            <div id="f-actor-error" className="field-error" aria-live="polite">
              {err('actor')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-from">{a.from}</label>
            <span className="hint" id="f-from-hint">
              {a.dateHint}
            </span>
            <input
              id="f-from"
              name="from"
              type="date"
              defaultValue={filters.from ?? ''}
              aria-describedby="f-from-hint f-from-error"
              aria-invalid={!!err('from')}
            />
            <div id="f-from-error" className="field-error" aria-live="polite">
              {err('from')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-to">{a.to}</label>
            <span className="hint" id="f-to-hint">
              {a.dateHint}
            </span>
            <input
              id="f-to"
              name="to"
              type="date"
              defaultValue={filters.to ?? ''}
              aria-describedby="f-to-hint f-to-error"
              aria-invalid={!!err('to')}
            />
            <div id="f-to-error" className="field-error" aria-live="polite">
              {err('to')}
            </div>
          </div>
        </div>
        <div className="actions actions-row">
          <button type="submit" className="btn btn-primary">
            {a.apply}
          </button>
          <Link href="/staff/audit" prefetch={false} className="btn btn-secondary">
            {a.clear}
          </Link>
        </div>
      </form>

      <section className="card" aria-labelledby="log-title">
        <h2 id="log-title" className={styles.cardTitle}>
          {a.title}
        </h2>
        {!page.ok ? (
          <p className="alert alert-error" role="alert">
            {page.code === 'invalid_input' ? t.errors.invalid_input : t.errors.error}
          </p>
        ) : page.data.rows.length === 0 ? (
          <p className="muted">{a.none}</p>
        ) : (
          <>
            <div className={styles.tableWrap}>
              <table className="data" data-testid="audit-log">
                <thead>
                  <tr>
                    <th scope="col" className={styles.nowrap}>
                      ID
                    </th>
                    <th scope="col">{a.at}</th>
                    <th scope="col">{a.actionCol}</th>
                    <th scope="col">{a.actorCol}</th>
                    <th scope="col">{a.customerCol}</th>
                    <th scope="col">{a.ip}</th>
                    <th scope="col">{a.details}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.data.rows.map((r) => (
                    <tr key={r.id}>
                      <td className={`${styles.mono} ${styles.nowrap}`}>{r.id}</td>
                      <td className={styles.nowrap}>{fmt(r.at)}</td>
                      <td className={styles.mono}>{r.action}</td>
                      <td>
                        {r.actorName ?? a.actorTypes[r.actorType as 'customer' | 'staff' | 'system' | 'anonymous']}
                      </td>
                      <td>
                        {r.customerId ? (
                          <Link href={`/staff/customers/${r.customerId}`} prefetch={false}>
                            {r.customerLoginId ?? r.customerId}
                          </Link>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className={styles.mono}>{r.ip ?? '—'}</td>
                      <td>
                        <AuditDetails details={r.details} moreLabel={a.allDetails} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className={styles.pager} aria-label={a.title}>
              {filters.before && (
                <Link href={hrefWith()} prefetch={false}>
                  {a.first}
                </Link>
              )}
              {page.data.nextBefore && (
                <Link href={hrefWith(page.data.nextBefore)} prefetch={false}>
                  {a.next}
                </Link>
              )}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
