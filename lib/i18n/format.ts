import type { Locale } from './types';

// An Intl.DateTimeFormat costs far more to build than to use (a table of 50 dates built 50 of them):
// one per locale and shape, made on first use and kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale === 'ja' ? 'ja' : 'en'}:${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
      timeZone: 'Asia/Tokyo',
      year: 'numeric',
      month: locale === 'ja' ? 'numeric' : 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Dates shown in Japan time, written the way each language expects. */
export function formatDateTime(d: Date, locale: Locale): string {
  return formatter(locale, true).format(d) + (locale === 'ja' ? '' : ' JST');
}

export function formatDate(d: Date, locale: Locale): string {
  return formatter(locale, false).format(d);
}

const englishPlural = new Intl.PluralRules('en');

/**
 * An English count with its noun in the form the number takes (Intl.PluralRules decides):
 * `plural(1, 'passkey')` → "1 passkey", `plural(0, 'passkey')` → "0 passkeys",
 * `plural(2, 'more resend')` → "2 more resends", `plural(n, 'entry', 'entries')` for irregular nouns.
 * Japanese has no plural forms, so the Japanese catalogs need no helper.
 */
export function plural(n: number, one: string, other = `${one}s`): string {
  return `${n} ${englishPlural.select(n) === 'one' ? one : other}`;
}

/** A wait in seconds, rounded up to whole minutes from one minute on: 「30秒」「15分」 / "30 seconds", "15 minutes". */
export function formatWait(seconds: number, locale: Locale): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return locale === 'ja' ? `${s}秒` : plural(s, 'second');
  const m = Math.ceil(s / 60);
  return locale === 'ja' ? `${m}分` : plural(m, 'minute');
}
