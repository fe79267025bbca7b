/**
 * Secret answers are compared after normalizing (docs/design.md#answer-normalization): NFKC, trim, no white space at all,
 * katakana folded to hiragana, lower-case — so 「ポチ」「ぽち」「ﾎﾟﾁ」「 ポチ 」 are one answer.
 */
export function normalizeAnswer(input: string): string {
  return input
    .normalize('NFKC')
    .trim()
    .replace(/\s+/gu, '')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .toLowerCase();
}

/*
 * 生年月日 as customers write it (docs/design.md#steps, step 3). Many think in 和暦, so besides 西暦 (19850412,
 * 1985/4/12, 1985年4月12日) the era forms are accepted: S60.4.12, S60/04/12, S600412, 昭和60年4月12日, 平成元年1月8日,
 * H3-1-8, R2.5.1 — with a date that lies inside its era (昭和64年1月8日 does not exist: that day is 平成元年).
 * Client-safe: the form shows how it read the date, the server checks the very same way.
 */

type Era = {
  name: string;
  letter: string;
  nameEn: string;
  start: [number, number, number];
  end?: [number, number, number];
};

/** Start and last day of each era (dates as y, m, d). */
const ERAS: Era[] = [
  { name: '明治', letter: 'M', nameEn: 'Meiji', start: [1868, 1, 25], end: [1912, 7, 29] },
  { name: '大正', letter: 'T', nameEn: 'Taishō', start: [1912, 7, 30], end: [1926, 12, 24] },
  { name: '昭和', letter: 'S', nameEn: 'Shōwa', start: [1926, 12, 25], end: [1989, 1, 7] },
  { name: '平成', letter: 'H', nameEn: 'Heisei', start: [1989, 1, 8], end: [2019, 4, 30] },
  { name: '令和', letter: 'R', nameEn: 'Reiwa', start: [2019, 5, 1] },
];

const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(dayNumber(y, m, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function eraOf(token: string): Era | undefined {
  const t = token.toUpperCase();
  return ERAS.find((e) => e.name === token || e.letter === t);
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const SEP = String.raw`\s*[-/.,年]\s*`;
const SEP2 = String.raw`\s*[-/.,月]\s*`;
const SEIREKI = new RegExp(String.raw`^(?:西暦)?\s*(\d{4})(?:${SEP}(\d{1,2})${SEP2}(\d{1,2})\s*日?|(\d{2})(\d{2}))$`);
const WAREKI = new RegExp(
  String.raw`^(明治|大正|昭和|平成|令和|[MTSHRmtshr])\s*(元|\d{1,2})(?:${SEP}(\d{1,2})${SEP2}(\d{1,2})\s*日?|(\d{2})(\d{2}))$`,
);

/**
 * A birth date typed in 西暦 or 和暦 as `YYYY-MM-DD`, or null when it is not a real date, lies outside its era,
 * is in the future (after `today`) or before 1900.
 */
export function parseBirthDate(input: string, today: Date = new Date()): string | null {
  const s = input
    .normalize('NFKC')
    .trim()
    .replace(/[‐－ー―−]/g, '-');
  if (!s || s.length > 20) return null;
  let y: number;
  let m: number;
  let d: number;
  const w = WAREKI.exec(s);
  const g = w ? null : SEIREKI.exec(s);
  if (w) {
    const era = eraOf(w[1]);
    const n = w[2] === '元' ? 1 : Number(w[2]);
    if (!era || n < 1) return null;
    y = era.start[0] + n - 1;
    m = Number(w[3] ?? w[5]);
    d = Number(w[4] ?? w[6]);
    if (!isRealDate(y, m, d)) return null;
    const t = dayNumber(y, m, d);
    if (t < dayNumber(...era.start) || (era.end && t > dayNumber(...era.end))) return null;
  } else if (g) {
    y = Number(g[1]);
    m = Number(g[2] ?? g[4]);
    d = Number(g[3] ?? g[5]);
    if (!isRealDate(y, m, d)) return null;
  } else {
    return null;
  }
  if (y < 1900 || dayNumber(y, m, d) > today.getTime()) return null;
  return iso(y, m, d);
}

/** The era year of a `YYYY-MM-DD` date: 「昭和60年」 / "Shōwa 60" (元年 for the first year in Japanese). */
export function eraYear(isoDate: string, locale: 'ja' | 'en'): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  const t = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  const era = [...ERAS].reverse().find((e) => t >= dayNumber(...e.start));
  if (!era) return null;
  const n = Number(m[1]) - era.start[0] + 1;
  return locale === 'ja' ? `${era.name}${n === 1 ? '元' : n}年` : `${era.nameEn} ${n}`;
}
