export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';
export const LOCALE_COOKIE = 'lang';

export function isLocale(v: unknown): v is Locale {
  return v === 'ja' || v === 'en';
}

/** A catalog's English half must have exactly the Japanese keys (strings may differ). */
export type Shape<T> = {
  [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...a: infer A) => string
      ? (...a: A) => string
      : Shape<T[K]>;
};

export function defineCatalog<T>(ja: T, en: Shape<T>): Record<Locale, T> {
  return { ja, en: en as T };
}
