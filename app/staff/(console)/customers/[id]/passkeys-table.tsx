import type { PasskeyView } from '@/lib/staff/customers';
import { formatDateTime } from '@/lib/i18n/format';
import { staffMessages } from '@/lib/i18n/messages/staff';
import type { Locale } from '@/lib/i18n/types';
import styles from '../../../staff.module.css';

/**
 * A customer's passkeys, revoked ones kept and shown as such. Nicknames are typed by the customer:
 * they are rendered as text (React escapes them), never as HTML.
 */
export function PasskeysTable({ passkeys, locale }: { passkeys: PasskeyView[]; locale: Locale }) {
  const c = staffMessages[locale].customer;
  const fmt = (d: Date) => formatDateTime(d, locale);
  if (passkeys.length === 0) return <p className="muted">{c.passkeysNone}</p>;
  return (
    <div className={styles.tableWrap}>
      <table className="data" data-testid="passkeys">
        <thead>
          <tr>
            <th scope="col">{c.nickname}</th>
            <th scope="col">{c.authenticator}</th>
            <th scope="col">{c.created}</th>
            <th scope="col">{c.lastUsed}</th>
            <th scope="col">{c.state}</th>
          </tr>
        </thead>
        <tbody>
          {passkeys.map((k) => (
            <tr key={k.credentialIdShort + k.createdAt.toISOString()}>
              <td>
                {k.nickname}
                <br />
                <span className={`${styles.mono} muted`}>{k.credentialIdShort}</span>
              </td>
              <td>{k.authenticator}</td>
              <td>{fmt(k.createdAt)}</td>
              <td>{k.lastUsedAt ? fmt(k.lastUsedAt) : c.never}</td>
              <td>
                {k.revokedAt ? (
                  <>
                    <span className="badge">{c.revoked(fmt(k.revokedAt))}</span>
                    <br />
                    <span className={`${styles.mono} muted`}>
                      {k.revokedReason} · {k.revokedBy}
                    </span>
                  </>
                ) : (
                  <span className="badge">{c.active}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
