import type { Metadata } from 'next';
import { getDb } from '@/db/client';
import { requireCustomer } from '@/lib/auth';
import { customerSecuritySummary } from '@/lib/auth/customer-login';
import { getLocale } from '@/lib/i18n/server';
import { accountMessages } from '@/lib/i18n/messages/account';
import { common } from '@/lib/i18n';
import { listPasskeys } from '@/lib/passkeys';
import { authenticatorName } from '@/lib/passkeys/authenticators';
import { formatDateTime } from '@/lib/i18n/format';
import { AddPasskey } from './add-passkey';
import { RenameForm } from './rename-form';
import { RemoveForm } from './remove-form';
import { StepUpProvider } from './step-up';
import { signOutAction } from './actions';
import { stepUpMethods } from '@/lib/auth/step-up';
import { securityPolicy } from '@/lib/config/security';
import styles from './security.module.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: accountMessages[await getLocale()].title };
}

export default async function SecurityPage() {
  const { customerId } = await requireCustomer();
  const locale = await getLocale();
  const t = accountMessages[locale];
  const db = await getDb();
  const summary = await customerSecuritySummary(db, customerId);
  const keys = await listPasskeys(db, customerId);
  const methods = await stepUpMethods(db, customerId);
  if (!summary) return null;
  return (
    <div className="page stack">
      <h1>{t.title}</h1>
      <p className="muted">{t.signedInAs(summary.loginId)}</p>
      <section className="card" aria-labelledby="pw-state">
        <h2 id="pw-state" style={{ marginTop: 0 }}>
          {t.passwordState}
        </h2>
        <p className={styles.state}>
          <span className="badge" data-testid="password-state">
            {summary.passwordLoginWorks ? t.passwordOn : t.passwordOff}
          </span>
        </p>
        {summary.exclusive && <p className="small muted">{t.policyNote}</p>}
      </section>
      <section className="card" aria-labelledby="pk-title">
        <h2 id="pk-title" style={{ marginTop: 0 }}>
          {t.passkeysTitle}
        </h2>
        <p className="muted">{t.passkeysLead}</p>
        <StepUpProvider
          locale={locale}
          password={methods.password}
          passkey={methods.passkey}
          minutes={Math.max(1, Math.round(securityPolicy().stepUpSeconds / 60))}
        >
          {keys.length === 0 ? (
            <p data-testid="no-passkeys">{t.none}</p>
          ) : (
            <ul className={styles.list} data-testid="passkey-list">
              {keys.map((k) => (
                <li key={k.credentialId} className={styles.item}>
                  <div className={styles.itemHead}>
                    <p className={styles.itemName}>{k.nickname}</p>
                    <span className="badge">{authenticatorName(k.aaguid, locale)}</span>
                  </div>
                  <dl className={`kv ${styles.meta}`}>
                    <dt>{t.created}</dt>
                    <dd>{formatDateTime(k.createdAt, locale)}</dd>
                    <dt>{t.lastUsed}</dt>
                    <dd>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale) : t.never}</dd>
                  </dl>
                  <div className={styles.tools}>
                    <details>
                      <summary>{t.rename}</summary>
                      <RenameForm locale={locale} credentialId={k.credentialId} nickname={k.nickname} />
                    </details>
                    <details>
                      <summary>{t.remove}</summary>
                      <RemoveForm locale={locale} credentialId={k.credentialId} nickname={k.nickname} />
                    </details>
                  </div>
                </li>
              ))}
            </ul>
          )}
          <AddPasskey locale={locale} needsConfirmation={summary.exclusive && keys.length === 0} />
        </StepUpProvider>
      </section>
      <form action={signOutAction} className={styles.signout}>
        <button type="submit" className="btn btn-secondary">
          {common[locale].logout}
        </button>
      </form>
    </div>
  );
}
