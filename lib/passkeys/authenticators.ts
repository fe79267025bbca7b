import table from './aaguids.json';
import type { Locale } from '../i18n/types';

const names = table as Record<string, { ja: string; en: string }>;

/** The authenticator's product name from its AAGUID (a small table of the common ones). */
export function authenticatorName(aaguid: string | null | undefined, locale: Locale): string {
  const hit = aaguid ? names[aaguid.toLowerCase()] : undefined;
  if (hit) return hit[locale];
  return locale === 'ja' ? 'パスキー（認証器不明）' : 'Passkey (unknown authenticator)';
}
