import { eq } from 'drizzle-orm';
import { customers } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Locale } from '../i18n/types';
import { enqueueEmail } from '../notify';
import { passkeyChangedEmail } from '../notify/templates';
import { noticeLockCode } from '../recovery/lock-code';
import { authenticatorName } from './authenticators';
import { PasskeyError } from './types';

/**
 * Switches ID/password login on (true), off (false) or leaves it (undefined) as a passkey is added
 * or removed, and touches the customer's row; returns whether password login was on before and
 * where the notice goes.
 */
export async function setPasswordLogin(tx: Db, customerId: string, enabled: boolean | undefined, now: Date) {
  const [before] = await tx
    .select({ passwordLoginEnabled: customers.passwordLoginEnabled })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  const [customer] = await tx
    .update(customers)
    .set({ ...(enabled === undefined ? {} : { passwordLoginEnabled: enabled }), updatedAt: now })
    .where(eq(customers.id, customerId))
    .returning({ email: customers.email, name: customers.nameKanji });
  return { wasEnabled: before?.passwordLoginEnabled, customer };
}

/** The link-free notice of an added or removed passkey, with the account's lock code (written in `tx`). */
export async function notifyPasskeyChange(
  tx: Db,
  customerId: string,
  customer: { email: string; name: string } | undefined,
  p: { change: 'added' | 'removed'; aaguid: string; passwordLogin?: 'stopped' | 'restored'; lang?: Locale },
) {
  if (!customer) throw new PasskeyError('not_found');
  const mail = passkeyChangedEmail({
    name: customer.name,
    at: new Date(),
    change: p.change,
    lockCode: await noticeLockCode(tx, customerId),
    passwordLogin: p.passwordLogin,
    lang: p.lang,
    authenticator: { ja: authenticatorName(p.aaguid, 'ja'), en: authenticatorName(p.aaguid, 'en') },
  });
  await enqueueEmail(tx, { customerId, to: customer.email, ...mail });
}
