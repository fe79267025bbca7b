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

/** A wait in seconds, rounded up to whole minutes from one minute on: 「30秒」「15分」 / "30 seconds", "15 minutes". */
export function formatWait(seconds: number, locale: Locale): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return locale === 'ja' ? `${s}秒` : `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return locale === 'ja' ? `${m}分` : `${m} minute${m === 1 ? '' : 's'}`;
}
