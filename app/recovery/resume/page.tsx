import type { Metadata } from 'next';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { getLocale } from '@/lib/i18n/server';
import { ResumeForm } from './resume-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryPasswordMessages[await getLocale()].resume.title, robots: { index: false, follow: false } };
}

/** /recovery/resume — continue a password reset after its wait, on any device (docs/design.md#forgotten-password). */
export default async function RecoveryResumePage() {
  const locale = await getLocale();
  const t = recoveryPasswordMessages[locale].resume;
  return (
    <div className="page">
      <div className="card">
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <ResumeForm locale={locale} />
        <ul className="link-list">
          <li>
            <a href="/recovery/password">{t.startOver}</a>
          </li>
          <li>
            <a href="/recovery/not-me">{recoveryPasswordMessages[locale].waiting.notMeLink}</a>
          </li>
        </ul>
      </div>
    </div>
  );
}
