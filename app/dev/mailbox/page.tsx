import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/db/client';
import { env } from '@/lib/config/env';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { getLocale } from '@/lib/i18n/server';
import { listMailbox, mailboxQuerySchema } from '@/lib/notify';
import styles from './mailbox.module.css';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Mailbox', robots: { index: false, follow: false } };

const fmt = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'medium' });

/** /dev/mailbox — demo mode only (docs/design.md#demo-mode): read the OTP and notices without a mail server. */
export default async function MailboxPage({ searchParams }: { searchParams: Promise<{ to?: string | string[] }> }) {
  if (!env().DEMO_MODE) notFound();
  const t = recoveryMessages[await getLocale()].mailbox;
  const raw = (await searchParams).to;
  const parsed = mailboxQuerySchema.safeParse({ to: typeof raw === 'string' ? raw : undefined });
  const to = parsed.success ? (parsed.data.to ?? '') : '';
  const db = await getDb();
  // An address no mail could have been sent to matches nothing.
  const messages = parsed.success ? await listMailbox(db, to || undefined) : [];
  const addresses = [...new Set((await listMailbox(db, undefined, 200)).map((m) => m.to))].sort();
  return (
    <div className="page-wide">
      <h1>{t.title}</h1>
      <p className="muted">{t.lead}</p>
      <nav aria-label={t.filter} className={styles.filter}>
        <a href="/dev/mailbox" aria-current={!to ? 'page' : undefined}>
          {t.all}
        </a>
        {addresses.map((a) => (
          <a key={a} href={`/dev/mailbox?to=${encodeURIComponent(a)}`} aria-current={a === to ? 'page' : undefined}>
            {a}
          </a>
        ))}
      </nav>
      {messages.length === 0 ? (
        <p>{t.empty}</p>
      ) : (
        <ol className={styles.list}>
          {messages.map((m, i) => (
            <li key={`${m.createdAt}-${i}`} className="card">
              <h2 className={styles.subject}>{m.subject}</h2>
              <dl className="kv small">
                <dt>{t.to}</dt>
                <dd>{m.to}</dd>
                <dt>{t.at}</dt>
                <dd>
                  <time dateTime={m.createdAt}>{fmt.format(new Date(m.createdAt))}</time>
                </dd>
              </dl>
              <pre className={styles.body}>{m.body}</pre>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
