import type { Locale } from '@/lib/i18n/types';

/** Dates on recovery screens are in Japan time, whatever the device says (the brokerage's clock). */
const tz = 'Asia/Tokyo';

export function formatDateTime(iso: string, locale: Locale): string {
  const s = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: tz,
    year: 'numeric',
    month: locale === 'ja' ? 'numeric' : 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return locale === 'ja' ? s : `${s} JST`;
}

export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: tz,
    year: 'numeric',
    month: locale === 'ja' ? 'numeric' : 'short',
    day: 'numeric',
  }).format(new Date(iso));
}

export function formatTime(iso: string, locale: Locale): string {
  const s = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: tz,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
  return locale === 'ja' ? s : `${s} JST`;
}
