import { env } from '../config/env';
import { mailMessages } from '../i18n/messages/mail';
import { isLocale, type Locale } from '../i18n/types';
import { supportContact } from '../recovery/support';
import { supportLines } from '../recovery/support-hours';

/**
 * Notification emails (docs/threat-model.md): they name the event and its time, and contain no links
 * at all (phishing hygiene). Every one that goes to a customer carries the account's lock code with the
 * 「心当たりがない場合」 instructions for /recovery/not-me, in Japanese and English — the code email
 * included, since it is the first mail a victim sees when someone else starts a recovery. `Base`
 * requires the lock code, so a new customer template cannot leave it out. The body is in the customer's
 * language (`lang`: the flow's, where there is one; docs/design.md#mail-language); the 「心当たりがない場合」
 * block comes in both, theirs first, since the account's owner may read another language than whoever
 * started a request.
 *
 * One shape for every email: a template names its `template` id and picks its subject and lines from the
 * catalog (lib/i18n/messages/mail.ts) in the reader's language; `render` adds the greeting, the footer and
 * the brand. Nothing here is written twice per language.
 */
type Base = { name: string; at: Date; lockCode: string; lang?: Locale };
type Words = (typeof mailMessages)['ja'];
export type Email = { template: string; subject: string; body: string };

/** A moment in Japan time, as the screens show it: 2026年11月25日 10:02（日本時間） / 25 Nov 2026, 10:02 JST. */
function jst(at: Date, lang: Locale): string {
  const d = new Date(at.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const time = `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
  if (lang === 'ja') return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${time}（日本時間）`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${time} JST`;
}

/** The 「心当たりがない場合」 block in one language, with the support line exactly as the locked screens print it. */
function notMe(lockCode: string, lang: Locale): string[] {
  const w = mailMessages[lang];
  const support = supportLines(supportContact(), lang);
  return [
    w.notMe.title,
    ...w.notMe.lead,
    ...w.notMe.steps,
    w.notMe.lockCode(lockCode),
    support.title,
    ...support.phones.map((p) => w.line(p.label, p.number)),
    support.hours,
  ];
}

/**
 * The 「心当たりがない場合」 block in both languages — the owner of the account may read another language
 * than whoever started the request — the customer's language first; then the closing notes and the brand.
 */
function footer(lockCode: string, lang: Locale): string[] {
  const other: Locale = lang === 'en' ? 'ja' : 'en';
  return [
    '',
    ...notMe(lockCode, lang),
    '',
    ...notMe(lockCode, other),
    '',
    ...mailMessages[lang].closing,
    '',
    env().BRAND_NAME,
  ];
}

/**
 * The one renderer. Subjects fit a phone's list view: the brand first, then the event in a few words
 * (docs/copy-style.md); English mail keeps the brand as the customer knows it.
 */
function render(
  p: Base,
  template: string,
  words: (w: Words, at: (d: Date) => string) => { subject: string; lines: string[] },
): Email {
  const lang: Locale = isLocale(p.lang) ? p.lang : 'ja';
  const w = mailMessages[lang];
  const { subject, lines } = words(w, (d) => jst(d, lang));
  return {
    template,
    subject: w.subject(env().BRAND_NAME, subject),
    body: [w.greeting(p.name), '', ...lines, ...footer(p.lockCode, lang)].join('\n'),
  };
}

/** The numbered lock-code steps, as the footers print them (tests check their labels against the site's). */
export const NOT_ME_STEPS = { ja: mailMessages.ja.notMe.steps, en: mailMessages.en.notMe.steps } as const;

export function recoveryCompletedEmail(
  p: Base & { referenceNumber: string; revokedPasskeys: number; viaStaff?: boolean; passwordChanged?: boolean },
): Email {
  const kind = p.viaStaff ? 'Staff' : p.passwordChanged ? 'Password' : 'Recovery';
  const template = p.viaStaff
    ? 'forced_reset_completed'
    : p.passwordChanged
      ? 'password_reset_completed'
      : 'recovery_completed';
  return render(p, template, (w, at) => ({
    subject: w.completed[`subject${kind}`],
    lines: [
      w.completed[`lead${kind}`],
      '',
      w.referenceNumber(p.referenceNumber),
      w.time(at(p.at)),
      w.completed.revoked(p.revokedPasskeys),
      '',
      ...w.completed.after,
      '',
      w.youActedProcedure,
    ],
  }));
}

/**
 * The emailed code, with the clock time it stops working in Japan time, as the screen shows it.
 * `expiresAt`: the code's own expiry (a held code, RT-30, is valid from its hold); default `at` + `minutes`.
 */
export function otpEmail(
  p: Base & { code: string; minutes: number; expiresAt?: Date; passwordReset?: boolean },
): Email {
  const expiresAt = p.expiresAt instanceof Date ? p.expiresAt : new Date(p.at.getTime() + p.minutes * 60_000);
  return render(p, 'recovery_otp', (w, at) => ({
    subject: w.otp.subject,
    lines: [
      p.passwordReset ? w.otp.leadPassword : w.otp.leadRecovery,
      '',
      w.otp.code(p.code),
      w.otp.validUntil(at(expiresAt), p.minutes),
      w.requestedAt(at(p.at)),
      '',
      w.otp.warning,
    ],
  }));
}

export function recoveryLockedEmail(p: Base & { hours: number }): Email {
  return render(p, 'recovery_locked', (w, at) => ({
    subject: w.recoveryLocked.subject,
    lines: [w.recoveryLocked.lead, w.time(at(p.at)), w.recoveryLocked.period(p.hours), '', ...w.recoveryLocked.after],
  }));
}

export function notMeLockedEmail(p: Base): Email {
  return render(p, 'account_locked_by_customer', (w, at) => ({
    subject: w.notMeLocked.subject,
    lines: [w.notMeLocked.lead, w.time(at(p.at)), '', w.notMeLocked.after],
  }));
}

/** Password login suspended after too many consecutive wrong passwords (docs/threat-model.md). */
export function passwordLoginSuspendedEmail(p: Base & { failures: number }): Email {
  return render(p, 'password_login_suspended', (w, at) => ({
    subject: w.suspended.subject,
    lines: [w.suspended.lead(p.failures), w.suspended.why, w.time(at(p.at)), '', ...w.suspended.after],
  }));
}

/**
 * A passkey was added to or removed from the account at /account/security (docs/design.md#step-up):
 * the customer hears of it at once, with the account's lock code, in the language they use the site in
 * (docs/design.md#mail-language). The nickname is the customer's (or an intruder's) own text and is left
 * out; the authenticator's name comes from our AAGUID table.
 */
export function passkeyChangedEmail(
  p: Base & {
    change: 'added' | 'removed';
    authenticator: { ja: string; en: string };
    /** What the change did to ID/password login under the exclusive policy, if anything. */
    passwordLogin?: 'stopped' | 'restored';
  },
): Email {
  const added = p.change === 'added';
  const lang: Locale = isLocale(p.lang) ? p.lang : 'ja';
  return render(p, added ? 'passkey_added' : 'passkey_removed', (w, at) => ({
    subject: added ? w.passkey.subjectAdded : w.passkey.subjectRemoved,
    lines: [
      added ? w.passkey.leadAdded : w.passkey.leadRemoved,
      w.time(at(p.at)),
      w.passkey.storedIn(p.authenticator[lang]),
      ...(p.passwordLogin === 'stopped' ? [w.passkey.passwordStopped] : []),
      ...(p.passwordLogin === 'restored' ? [w.passkey.passwordRestored] : []),
      '',
      w.youActed,
    ],
  }));
}

/**
 * Forgotten password (docs/design.md#forgotten-password): the first code was right and the cooling-off
 * wait began. Sent at once, so the owner hears of a reset they did not ask for a day before anything
 * changes. No link (the 受付番号 is typed at /recovery/resume).
 */
export function passwordResetWaitingEmail(p: Base & { referenceNumber: string; resumeAt: Date; hours: number }): Email {
  return render(p, 'password_reset_waiting', (w, at) => ({
    subject: w.waiting.subject,
    lines: [
      w.waiting.lead,
      w.referenceNumber(p.referenceNumber),
      w.requestedAt(at(p.at)),
      w.waiting.resumeFrom(at(p.resumeAt)),
      '',
      w.waiting.how(p.hours),
      w.waiting.until,
    ],
  }));
}

/** 「ログインIDをお忘れの方」: the login ID, to the registered email only, no link (docs/design.md#forgotten-login-id). */
export function loginIdReminderEmail(p: Base & { loginId: string }): Email {
  return render(p, 'login_id_reminder', (w, at) => ({
    subject: w.loginId.subject,
    lines: [w.loginId.lead, w.loginId.loginId(p.loginId), w.requestedAt(at(p.at))],
  }));
}
