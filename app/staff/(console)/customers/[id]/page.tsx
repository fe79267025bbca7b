import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { parseUuid } from '@/lib/ids';
import { staffPage } from '@/lib/staff/page';
import { getCustomerView } from '@/lib/staff/customers';
import { roleAtLeast } from '@/lib/staff/auth';
import { getLocale } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import { PasskeysTable } from './passkeys-table';
import { ResetPanel } from './reset-panel';
import { UnlockForm } from './unlock-form';
import { AuditDetails } from '../../_ui/audit-details';
import styles from '../../../staff.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: staffMessages[await getLocale()].customer.title, robots: { index: false, follow: false } };
}

/** A dynamic segment as typed (Next may hand it over still percent-encoded, e.g. braces). */
function decodeParam(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { db, principal, ctx, locale, me } = await staffPage('viewer');
  const { id: raw } = await params;
  // Parsed at the edge: another spelling of the id goes to its one canonical address, a non-id is "not found".
  const id = parseUuid(decodeParam(raw));
  if (!id) notFound();
  if (id !== raw) redirect(`/staff/customers/${id}`);
  const t = staffMessages[locale];
  const c = t.customer;
  const res = await getCustomerView(db, principal, { customerId: id }, { locale, ctx });
  if (!res.ok) {
    if (res.code === 'not_found' || res.code === 'invalid_input') notFound();
    return (
      <div className="page-wide">
        <p className="alert alert-error" role="alert">
          {t.errors[res.code === 'forbidden' ? 'forbidden' : 'error']}
        </p>
      </div>
    );
  }
  const v = res.data;
  const fmt = (d: Date | null) => (d ? formatDateTime(d, locale) : '—');
  const canAct = roleAtLeast(me.role, 'operator');
  const pending = v.resetRequests.find((r) => r.status === 'pending') ?? null;
  const history = v.resetRequests.filter((r) => r.status !== 'pending');

  return (
    <div className="page-wide stack">
      <p>
        <Link href="/staff/customers" prefetch={false}>
          ← {c.back}
        </Link>
      </p>
      <h1>
        {c.title}
        {t.sep}
        {v.nameKanji} <span className="muted small">（{v.loginId}）</span>
      </h1>
      {v.loginLockedAt && (
        <p className="alert alert-warn" role="note">
          {c.notMeAlert}
        </p>
      )}

      <div className={styles.grid2}>
        <section className="card" aria-labelledby="profile-title">
          <h2 id="profile-title" className={styles.cardTitle}>
            {c.profile}
          </h2>
          <dl className={`kv ${styles.kv}`} data-testid="customer-profile">
            <dt>{c.nameKanji}</dt>
            <dd>{v.nameKanji}</dd>
            <dt>{c.nameKana}</dt>
            <dd>{v.nameKana}</dd>
            <dt>{c.loginId}</dt>
            <dd className={styles.mono}>{v.loginId}</dd>
            <dt>{c.branchCode}</dt>
            <dd className={styles.mono}>{v.branchCode}</dd>
            <dt>{c.accountNumber}</dt>
            <dd className={styles.mono} data-testid="account-masked">
              {v.accountMasked}
            </dd>
            <dt>{c.email}</dt>
            <dd className={styles.mono}>{v.emailMasked}</dd>
            <dt>{c.phone}</dt>
            <dd className={styles.mono}>{v.phoneMasked}</dd>
          </dl>
          <p className="small muted" style={{ marginTop: 'var(--space-3)' }}>
            {c.maskedNote}
          </p>
        </section>
        <section className="card" aria-labelledby="state-title">
          <h2 id="state-title" className={styles.cardTitle}>
            {c.loginState}
          </h2>
          <dl className={`kv ${styles.kv}`} data-testid="login-state">
            <dt>{c.passwordLogin}</dt>
            <dd>
              <span className="badge" data-testid="password-login-state">
                {v.passwordLoginEnabled ? c.enabled : c.disabled}
              </span>
            </dd>
            <dt>{c.notMeLock}</dt>
            <dd>{v.loginLockedAt ? c.notMeLocked(fmt(v.loginLockedAt)) : c.notLocked}</dd>
            <dt>{c.recoveryLock}</dt>
            <dd>
              {v.recoveryLocked && v.recoveryLockedUntil
                ? c.recoveryLockedUntil(fmt(v.recoveryLockedUntil))
                : c.notLocked}
            </dd>
            <dt>{c.passwordSuspension}</dt>
            <dd data-testid="password-suspension">
              {v.passwordLoginSuspendedAt ? c.passwordSuspended(fmt(v.passwordLoginSuspendedAt)) : c.notLocked}
            </dd>
            <dt>{c.failedCount}</dt>
            <dd>{v.failedRecoveryCount}</dd>
            <dt>{c.sessionsValidAfter}</dt>
            <dd>{fmt(v.sessionsValidAfter)}</dd>
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="passkeys-title">
        <h2 id="passkeys-title" className={styles.cardTitle}>
          {c.passkeysTitle}
        </h2>
        <PasskeysTable passkeys={v.passkeys} locale={locale} />
      </section>

      <ResetPanel
        locale={locale}
        customerId={v.id}
        me={{ id: me.id, canAct }}
        pending={
          pending
            ? {
                id: pending.id,
                requestedById: pending.requestedBy.id,
                requestedByName: pending.requestedBy.name,
                requestedAt: fmt(pending.createdAt),
                caseNumber: pending.caseNumber,
                reason: pending.reason,
                checklist: pending.checklist,
              }
            : null
        }
      />

      {(v.recoveryLocked || v.passwordLoginSuspendedAt) && (
        <section className="card" aria-labelledby="unlock-title">
          <h2 id="unlock-title" className={styles.cardTitle}>
            {t.unlock.title}
          </h2>
          {v.recoveryLocked && <p>{t.unlock.lead}</p>}
          {v.passwordLoginSuspendedAt && <p>{t.unlock.leadSuspended}</p>}
          {canAct ? <UnlockForm locale={locale} customerId={v.id} /> : <p className="muted">{t.reset.viewerNote}</p>}
        </section>
      )}

      <section className="card" aria-labelledby="flows-title">
        <h2 id="flows-title" className={styles.cardTitle}>
          {c.flowsTitle}
        </h2>
        <p className="small muted">{c.flowsLead}</p>
        {v.flows.length === 0 ? (
          <p className="muted">{c.flowsNone}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className="data" data-testid="flows">
              <thead>
                <tr>
                  <th scope="col">{c.flowStarted}</th>
                  <th scope="col">{c.kind}</th>
                  <th scope="col">{c.channel}</th>
                  <th scope="col">{c.step}</th>
                  <th scope="col">{c.resumeAt}</th>
                  <th scope="col" className={styles.num}>
                    {c.failures}
                  </th>
                  <th scope="col" className={styles.num}>
                    {c.otpSends}
                  </th>
                  <th scope="col">{c.completedAt}</th>
                  <th scope="col">{c.referenceNumber}</th>
                </tr>
              </thead>
              <tbody>
                {v.flows.map((f) => (
                  <tr key={f.id} data-kind={f.kind} data-step={f.step}>
                    <td>{fmt(f.createdAt)}</td>
                    <td>{c.kinds[f.kind]}</td>
                    <td>{(t.channels as Record<string, string>)[f.channel] ?? f.channel}</td>
                    <td>
                      {(t.steps as Record<string, string>)[f.step] ?? f.step}
                      {f.lapsed ? ` ${c.lapsed}` : ''}
                    </td>
                    <td data-testid="flow-resume-at">
                      {f.waiting && f.resumeAt
                        ? c.waitingUntil(fmt(f.resumeAt))
                        : f.resumedAt
                          ? c.resumedAt(fmt(f.resumedAt))
                          : f.resumeAt
                            ? fmt(f.resumeAt)
                            : '—'}
                    </td>
                    <td className={styles.num}>{f.failedAttempts}</td>
                    <td className={styles.num}>{f.otpSends}</td>
                    <td>{fmt(f.completedAt)}</td>
                    <td className={styles.mono}>{f.referenceNumber ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {history.length > 0 && (
        <section className="card" aria-labelledby="history-title">
          <h2 id="history-title" className={styles.cardTitle}>
            {c.historyTitle}
          </h2>
          <div className={styles.tableWrap}>
            <table className="data" data-testid="reset-history">
              <thead>
                <tr>
                  <th scope="col">{t.reset.requestedAt}</th>
                  <th scope="col">{t.reset.caseNumber}</th>
                  <th scope="col">{c.state}</th>
                  <th scope="col">{t.reset.requestedBy}</th>
                  <th scope="col">{t.reset.approvedBy}</th>
                  <th scope="col">{t.reset.executedAt}</th>
                  <th scope="col">{c.referenceNumber}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((r) => (
                  <tr key={r.id}>
                    <td>{fmt(r.createdAt)}</td>
                    <td className={styles.mono}>{r.caseNumber}</td>
                    <td>{t.reset.status[r.status]}</td>
                    <td>{r.requestedBy.name}</td>
                    <td>{r.approvedBy?.name ?? '—'}</td>
                    <td>{fmt(r.executedAt)}</td>
                    <td className={styles.mono}>{r.referenceNumber ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="audit-title">
        <div className={styles.sectionHead}>
          <h2 id="audit-title">{c.auditTitle}</h2>
          <Link href={`/staff/audit?customer=${v.id}`} prefetch={false}>
            {c.auditMore}
          </Link>
        </div>
        {v.audit.length === 0 ? (
          <p className="muted">{c.auditNone}</p>
        ) : (
          <div className={styles.tableWrap}>
            <table className="data" data-testid="customer-audit">
              <thead>
                <tr>
                  <th scope="col">{t.audit.at}</th>
                  <th scope="col">{t.audit.actionCol}</th>
                  <th scope="col">{t.audit.actorCol}</th>
                  <th scope="col">{t.audit.ip}</th>
                  <th scope="col">{t.audit.details}</th>
                </tr>
              </thead>
              <tbody>
                {v.audit.map((e) => (
                  <tr key={e.id}>
                    <td className={styles.nowrap}>{fmt(e.at)}</td>
                    <td className={styles.mono}>{e.action}</td>
                    <td>
                      {e.actorName ?? t.audit.actorTypes[e.actorType as 'customer' | 'staff' | 'system' | 'anonymous']}
                    </td>
                    <td className={styles.mono}>{e.ip ?? '—'}</td>
                    <td>
                      <AuditDetails details={e.details} moreLabel={t.audit.allDetails} />
                    </td>
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
