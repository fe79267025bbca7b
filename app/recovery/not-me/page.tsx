import type { Metadata } from 'next';
import { env } from '@/lib/config/env';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { getLocale } from '@/lib/i18n/server';
import { NotMeForm } from './not-me-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryMessages[await getLocale()].notMe.title, robots: { index: false, follow: false } };
}

/** /recovery/not-me — a customer who did not ask for a recovery stops login and recovery at once (docs/design.md#status-and-not-me). */
export default async function NotMePage() {
  const locale = await getLocale();
  const t = recoveryMessages[locale].notMe;
  return (
    <div className="page">
      <div className="card">
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <NotMeForm locale={locale} supportPhone={env().SUPPORT_PHONE} />
      </div>
    </div>
  );
}
