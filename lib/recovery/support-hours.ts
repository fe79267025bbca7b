import { recoveryEnded } from '../i18n/messages/recovery-ended';
import type { Locale } from '../i18n/types';
import type { SupportContact } from './types';

/**
 * The support line as the customer reads it, in one place for the locked screens and every email
 * (docs/design.md#support-line): the section title, the two numbers with their labels, and the hours
 * sentence. Pure (the locked screen is a client component); the numbers and hours come from
 * `supportContact()` (lib/recovery/support.ts), i.e. SUPPORT_PHONE, SUPPORT_PHONE_DIRECT, SUPPORT_HOURS_*.
 */
const range = (h: string, locale: Locale) => h.replace('-', locale === 'ja' ? '〜' : '–');

export function supportHours(support: SupportContact, locale: Locale): string {
  return recoveryEnded[locale].locked.hours(
    range(support.weekdayHours, locale),
    support.weekendHours ? range(support.weekendHours, locale) : null,
  );
}

export function supportLines(support: SupportContact, locale: Locale) {
  const t = recoveryEnded[locale].locked;
  return {
    title: t.phoneTitle,
    phones: [
      { label: t.freeDial, number: support.phone },
      { label: t.direct, number: support.phoneDirect },
    ],
    hours: supportHours(support, locale),
  };
}
