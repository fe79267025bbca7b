import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import { securityPolicy } from '@/lib/config/security';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { getLocale } from '@/lib/i18n/server';
import { describeFlow } from '@/lib/recovery';
import { RecoveryFlow } from './_components/recovery-flow';
import { RECOVERY_COOKIE } from './_components/types';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  return { title: recoveryCommon[await getLocale()].title, robots: { index: false, follow: false } };
}

/** /recovery — the flow of docs/design.md#steps. Reading it never writes: the screen follows the flow row of the cookie's token. */
export default async function RecoveryPage() {
  const locale = await getLocale();
  const token = (await cookies()).get(RECOVERY_COOKIE)?.value;
  const view = (await describeFlow(await getDb(), token, { locale })) ?? {
    step: 'intro' as const,
    kind: 'passkey' as const,
  };
  return (
    <div className="page">
      <RecoveryFlow initialView={view} locale={locale} flowMinutes={Math.round(securityPolicy().flowTtlMs / 60_000)} />
    </div>
  );
}
