import Link from 'next/link';
import type { AuditChainStatus, VerificationView } from '@/lib/staff/audit-log';
import type { StaffMessages } from '@/lib/i18n/messages/staff';
import { startFullCheckAction } from './actions';
import { AutoRefresh } from './auto-refresh';
import styles from '../../staff.module.css';

type Props = { status: AuditChainStatus; t: StaffMessages; fmt: (d: Date) => string };

function Findings({ v, t }: { v: VerificationView; t: StaffMessages }) {
  const a = t.audit;
  return (
    <ul className="small" data-testid="chain-findings">
      {v.broken.map((r) => (
        <li key={r.fromId}>
          {a.chainRange(r.fromId, r.toId, r.rows)}: <span className={styles.mono}>{r.reasons.join(', ')}</span>
        </li>
      ))}
      {v.brokenCount > v.broken.length && <li>{a.chainMoreRanges(v.brokenCount - v.broken.length)}</li>}
      {v.head && !v.head.ok && <li>{v.head.reason === 'head_missing' ? a.chainHeadMissing : a.chainHeadMismatch}</li>}
      {v.checkpointIssue && (
        <li>
          {a.chainCheckpointIssue(v.checkpointIssue.id, v.checkpointIssue.lastEventId)}{' '}
          <span className={styles.mono}>{v.checkpointIssue.reason}</span>
        </li>
      )}
    </ul>
  );
}

/** The last recorded result of the hash-chain check and a full check in progress (admins). Nothing is verified here. */
export function ChainStatus({ status, t, fmt }: Props) {
  const a = t.audit;
  const { latest, latestFull, active } = status;
  return (
    <>
      {!status.signing && (
        <p className="alert alert-warn" role="note">
          {a.chainNoSigningKey}
        </p>
      )}
      {!latest ? (
        <p className="muted" data-testid="chain-status">
          {a.chainNever}
        </p>
      ) : latest.status === 'failed' ? (
        <p className="alert alert-warn" role="status" data-testid="chain-status">
          {a.chainRunFailed}
        </p>
      ) : latest.ok ? (
        <p
          className="alert alert-success"
          role="status"
          data-testid="chain-status"
          data-to-event={latest.toEventId ?? 0}
        >
          {a.chainOk(latest.checkedRows)}
        </p>
      ) : (
        <div
          className="alert alert-error"
          role="alert"
          data-testid="chain-status"
          data-to-event={latest.toEventId ?? 0}
        >
          <strong>{a.chainBrokenLead}</strong>
          <Findings v={latest} t={t} />
        </div>
      )}
      {latest && (
        <p className="small muted">
          {a.chainLastRun(fmt(latest.finishedAt ?? latest.startedAt), latest.kind === 'full')}
        </p>
      )}
      {latestFull && latestFull.id !== latest?.id && latestFull.status === 'done' && (
        <p className="small muted">
          {a.chainLastFull(fmt(latestFull.finishedAt ?? latestFull.startedAt), latestFull.ok === true)}
        </p>
      )}
      {active ? (
        <div role="status" data-testid="chain-progress">
          <p>{active.status === 'queued' ? a.chainQueued : a.chainProgress(active.checkedRows, active.targetId)}</p>
          {active.status === 'running' && active.targetId ? (
            <progress max={active.targetId} value={active.toEventId ?? 0} />
          ) : null}
          <p className="small">
            <Link href="/staff/audit" prefetch={false}>
              {a.chainRefresh}
            </Link>
          </p>
          <AutoRefresh />
        </div>
      ) : (
        <form action={startFullCheckAction} className="actions actions-row">
          <button type="submit" className="btn btn-secondary" data-testid="start-full-check">
            {a.chainStartFull}
          </button>
          <span className="hint">{a.chainFullHint}</span>
        </form>
      )}
    </>
  );
}
