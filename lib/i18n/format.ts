import type { Locale } from './types';

/** Dates shown in Japan time, written the way each language expects. */
export function formatDateTime(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: locale === 'ja' ? 'numeric' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(d) + (locale === 'ja' ? '' : ' JST');
}

export function formatDate(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: locale === 'ja' ? 'numeric' : 'short', day: 'numeric' }).format(d);
}
