import type { Metadata } from 'next';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { getLocale } from '@/lib/i18n/server';
import { LoginIdForm } from './login-id-form';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryPasswordMessages[await getLocale()].loginId.title, robots: { index: false, follow: false } };
}

/** /recovery/login-id — 「ログインIDをお忘れの方」 (docs/design.md#forgotten-login-id). */
export default async function LoginIdReminderPage() {
  const locale = await getLocale();
  const t = recoveryPasswordMessages[locale].loginId;
  return (
    <div className="page">
      <div className="card">
        <h1>{t.title}</h1>
        <LoginIdForm locale={locale} />
      </div>
    </div>
  );
}
