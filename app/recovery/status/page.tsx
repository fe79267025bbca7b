import type { Metadata } from 'next';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { getLocale } from '@/lib/i18n/server';
import { StatusForm } from './status-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryMessages[await getLocale()].status.title, robots: { index: false, follow: false } };
}

/** /recovery/status — what was done and when, from the login ID and the 受付番号 (docs/design.md#status-and-not-me). */
export default async function RecoveryStatusPage() {
  const locale = await getLocale();
  const t = recoveryMessages[locale].status;
  return (
    <div className="page">
      <div className="card">
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <StatusForm locale={locale} />
        <p className="small">
          <a href="/recovery/not-me">{t.notMeLink}</a>
        </p>
      </div>
    </div>
  );
}
