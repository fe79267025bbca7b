import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { getLocale } from '@/lib/i18n/server';
import { describeFlow, type RecoveryView } from '@/lib/recovery';
import { securityPolicy } from '@/lib/config/security';
import { RecoveryFlow } from '../_components';
import { PasswordWaitProvider } from '../_components/password-intro-step';
import { RECOVERY_COOKIE } from '../_components/types';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryPasswordMessages[await getLocale()].title, robots: { index: false, follow: false } };
}

/**
 * /recovery/password — 「パスワードをお忘れの方」: the password kind of the recovery flow
 * (docs/design.md#forgotten-password). The same cookie as /recovery; a flow of the other kind in it is
 * left alone until the customer starts this one. Reading the page never writes.
 */
export default async function PasswordRecoveryPage() {
  const locale = await getLocale();
  const token = (await cookies()).get(RECOVERY_COOKIE)?.value;
  const described = await describeFlow(await getDb(), token, { locale });
  const view: RecoveryView = described?.kind === 'password' ? described : { step: 'intro', kind: 'password' };
  return (
    <div className="page">
      <PasswordWaitProvider seconds={Math.round(securityPolicy().passwordReset.waitMs / 1000)}>
        <RecoveryFlow initialView={view} locale={locale} />
      </PasswordWaitProvider>
    </div>
  );
}
