import { createHash } from 'node:crypto';
import { dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as ja } from '@zxcvbn-ts/language-ja';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { logger } from '../log';
import type { WeakPasswordReason } from '../recovery/types';
import { normalizeLoginId } from './schemas';
import { hashSecret, normalizePassword, verifySecret } from './password';

/*
 * Server code (node:crypto, argon2): never imported by a client component; the meter is password-strength.ts.
 *
 * The rules of a new password (docs/design.md#forgotten-password, after NIST SP 800-63B-4): NFKC, 10 to
 * 128 characters, any characters, no composition rules; refused when it is a common password (the
 * dictionaries of @zxcvbn-ts/language-common and @zxcvbn-ts/language-ja, a Set built once at module
 * load, so a check is a few hash lookups and never a scan), contains the login ID, the birth date in a
 * common spelling or the brand name, or is the current password; with PWNED_PASSWORDS_CHECK=1 also
 * when Have I Been Pwned's range API knows it (only a 5-character SHA-1 prefix leaves; a timeout or an
 * error never blocks the customer). The client's strength meter (password-strength.ts) only advises.
 */

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 128;

/** Every word of the shipped dictionaries, lower-case. */
const BLOCKLIST: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  for (const list of [...Object.values(common), ...Object.values(ja)]) {
    for (const w of list as string[]) set.add(w.normalize('NFKC').toLowerCase());
  }
  return set;
})();

export function blocklistSize(): number {
  return BLOCKLIST.size;
}

export { normalizePassword };

/** Code points, not UTF-16 units: 10 kanji are 10 characters. */
function length(s: string): number {
  return [...s].length;
}

const SEPARATORS = /[\s\-_./:,・年月日'’]/g;

/**
 * A common password, or a common word padded with digits or symbols (sakura2024!!, 123password).
 * Exact lookups only: the lower-cased password, and the same without leading/trailing digits and
 * symbols when a word of 4 or more letters remains.
 */
function isCommon(lower: string): boolean {
  if (BLOCKLIST.has(lower)) return true;
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  return core.length >= 4 && core !== lower && BLOCKLIST.has(core);
}

const ERAS = [
  { start: '2019-05-01', letter: 'r', kanji: '令和' },
  { start: '1989-01-08', letter: 'h', kanji: '平成' },
  { start: '1926-12-25', letter: 's', kanji: '昭和' },
  { start: '1912-07-30', letter: 't', kanji: '大正' },
  { start: '1868-10-23', letter: 'm', kanji: '明治' },
] as const;

/**
 * The spellings of a birth date (YYYY-MM-DD) people put in passwords, separators removed:
 * 19850412, 850412, 0412, 1985412, 04121985, 12041985, and the Japanese era (S600412, 昭和600412, S60412).
 */
export function birthDateSpellings(birthDate: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) return [];
  const [, y, mo, d] = m;
  const yy = y.slice(2);
  const mu = String(Number(mo));
  const du = String(Number(d));
  const out = new Set([
    `${y}${mo}${d}`,
    `${yy}${mo}${d}`,
    `${mo}${d}`,
    `${y}${mu}${du}`,
    `${mo}${d}${y}`,
    `${d}${mo}${y}`,
  ]);
  const era = ERAS.find((e) => birthDate >= e.start);
  if (era) {
    const ey = Number(y) - Number(era.start.slice(0, 4)) + 1;
    for (const eraYear of [String(ey), String(ey).padStart(2, '0'), ...(ey === 1 ? ['元'] : [])]) {
      for (const prefix of [era.letter, era.kanji]) {
        out.add(`${prefix}${eraYear}${mo}${d}`);
        out.add(`${prefix}${eraYear}${mu}${du}`);
      }
      out.add(`${era.kanji}${eraYear}`);
    }
  }
  return [...out];
}

function brandWords(): string[] {
  const e = env();
  return [e.BRAND_NAME, ...e.PASSWORD_BRAND_WORDS.split(',')]
    .map((w) => w.normalize('NFKC').toLowerCase().replace(SEPARATORS, ''))
    .filter((w) => w.length >= 2);
}

export type PasswordContext = {
  loginId: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** The current password's argon2 hash: the new one must differ. */
  currentPasswordHash?: string | null;
};

/** The rules that need no hash and no network, in a fixed order (the reasons the page lists). */
export function localReasons(
  password: string,
  ctx: Omit<PasswordContext, 'currentPasswordHash'>,
): WeakPasswordReason[] {
  const pw = normalizePassword(password);
  const reasons: WeakPasswordReason[] = [];
  const n = length(pw);
  if (n < MIN_LENGTH) reasons.push('too_short');
  if (n > MAX_LENGTH) reasons.push('too_long');
  const lower = pw.toLowerCase();
  const bare = lower.replace(SEPARATORS, '');
  if (n <= MAX_LENGTH && isCommon(lower)) reasons.push('common');
  const id = normalizeLoginId(ctx.loginId);
  const idBare = id.replace(SEPARATORS, '');
  if (id.length >= 3 && (lower.includes(id) || (idBare.length >= 3 && bare.includes(idBare))))
    reasons.push('contains_login_id');
  if (birthDateSpellings(ctx.birthDate).some((s) => bare.includes(s))) reasons.push('contains_birth_date');
  if (brandWords().some((w) => bare.includes(w))) reasons.push('contains_brand');
  return reasons;
}

/**
 * Have I Been Pwned's k-anonymity range API: true when the password is known breached, false when not,
 * null when the check is off, timed out or failed (never blocks: the customer goes on).
 */
export async function pwnedCheck(
  password: string,
  opts: { url?: string; timeoutMs?: number; enabled?: boolean } = {},
): Promise<boolean | null> {
  const p = securityPolicy().passwordReset;
  if (!(opts.enabled ?? p.pwnedCheck)) return null;
  const sha1 = createHash('sha1').update(normalizePassword(password), 'utf8').digest('hex').toUpperCase();
  const prefix = sha1.slice(0, 5);
  const suffix = sha1.slice(5);
  try {
    const res = await fetch(`${opts.url ?? p.pwnedUrl}${prefix}`, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? p.pwnedTimeoutMs),
      headers: { 'Add-Padding': 'true', 'User-Agent': 'login-help-portal' },
    });
    if (!res.ok) return null;
    const body = await res.text();
    for (const line of body.split('\n')) {
      const [hashSuffix, count] = line.trim().split(':');
      if (hashSuffix?.toUpperCase() === suffix && Number(count) > 0) return true;
    }
    return false;
  } catch (err) {
    logger.warn({ err: { name: (err as Error)?.name } }, 'pwned passwords check skipped');
    return null;
  }
}

export type PasswordCheck = { ok: true } | { ok: false; reasons: WeakPasswordReason[] };

/**
 * The server's decision on a new password. The argon2 verify against the current password runs only
 * when every other rule passed (it is the slow one), as does the optional breach check.
 */
export async function checkNewPassword(
  password: string,
  ctx: PasswordContext,
  confirmPassword?: string,
): Promise<PasswordCheck> {
  const reasons = localReasons(password, ctx);
  if (confirmPassword !== undefined && normalizePassword(confirmPassword) !== normalizePassword(password))
    reasons.push('mismatch');
  if (reasons.length) return { ok: false, reasons };
  const pw = normalizePassword(password);
  const [same, breached] = await Promise.all([
    ctx.currentPasswordHash ? verifySecret(ctx.currentPasswordHash, pw) : Promise.resolve(false),
    pwnedCheck(pw),
  ]);
  if (same) reasons.push('same_as_current');
  if (breached) reasons.push('breached');
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/** The argon2id hash stored for a new password (of its NFKC form; every password check uses verifyPassword, the same form). */
export function hashNewPassword(password: string): Promise<string> {
  return hashSecret(normalizePassword(password));
}
