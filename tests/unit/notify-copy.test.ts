import { describe, expect, it } from 'vitest';
import * as templates from '@/lib/notify/templates';
import { common } from '@/lib/i18n';
import { helpMessages } from '@/lib/i18n/messages/help';
import { loginMessages } from '@/lib/i18n/messages/login';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';

/*
 * Issue #15, the email: in the customer's language, subjects that fit a phone with the brand first,
 * the procedure named as on the screens, a "do nothing if it was you" line where the customer acted,
 * and lock-code steps in short sentences whose quoted labels are the site's own.
 */
const base = { name: '山田 太郎', at: new Date('2026-11-25T01:02:03Z'), lockCode: 'K7M2Q9XH' };
const make = (lang: 'ja' | 'en') => ({
  completed: templates.recoveryCompletedEmail({
    ...base,
    lang,
    referenceNumber: 'R-20261125-7KQ4M2',
    revokedPasskeys: 2,
  }),
  staffReset: templates.recoveryCompletedEmail({
    ...base,
    lang,
    referenceNumber: 'R-20261125-8PQ3XZ',
    revokedPasskeys: 1,
    viaStaff: true,
  }),
  otp: templates.otpEmail({ ...base, lang, code: '123456', minutes: 10 }),
  locked: templates.recoveryLockedEmail({ ...base, lang, hours: 24 }),
  notMe: templates.notMeLockedEmail({ ...base, lang }),
  suspended: templates.passwordLoginSuspendedEmail({ ...base, lang, failures: 10 }),
  added: templates.passkeyChangedEmail({
    ...base,
    lang,
    change: 'added',
    authenticator: { ja: 'iCloud キーチェーン', en: 'iCloud Keychain' },
    passwordLogin: 'stopped',
  }),
});

/** The body above the 「心当たりがない場合」 block: what the customer reads first. */
const lead = (body: string) => body.split('\n■ ')[0];

describe('notification emails read as the screens do', () => {
  it('are written in the flow’s language: Japanese mail has no English lead, English mail no Japanese lead', () => {
    for (const [name, mail] of Object.entries(make('ja'))) {
      expect(lead(mail.body), name).not.toMatch(/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/);
    }
    for (const [name, mail] of Object.entries(make('en'))) {
      expect(lead(mail.body).replace(/山田 太郎|iCloud キーチェーン/g, ''), name).not.toMatch(
        /[\u3040-\u30ff\u4e00-\u9fff]/,
      );
      expect(mail.body, name).toMatch(/^Dear 山田 太郎,/);
    }
  });

  it('default to Japanese when no language is given', () => {
    const mail = templates.otpEmail({ ...base, code: '123456', minutes: 10 });
    expect(mail.body.startsWith('山田 太郎 様')).toBe(true);
    expect(mail.subject).toBe('【デモ証券】確認コードのお知らせ');
  });

  it('put the brand first and keep subjects short enough for a phone’s list (ja ≤ 24, en ≤ 40 characters)', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const [name, mail] of Object.entries(make(lang))) {
        expect(mail.subject, name).toMatch(lang === 'ja' ? /^【デモ証券】/ : /^\[デモ証券\] /);
        expect([...mail.subject].length, `${lang} ${name}: ${mail.subject}`).toBeLessThanOrEqual(
          lang === 'ja' ? 24 : 40,
        );
        expect(mail.subject, name).not.toContain(' / ');
      }
    }
  });

  it('name the procedure as the screens do (「パスキーの解除」), never 「ログイン方法の再設定」', () => {
    const ja = make('ja');
    expect(recoveryMessages.ja.title).toBe('パスキーの解除');
    for (const mail of [ja.completed, ja.otp, ja.locked]) {
      expect(mail.body).toContain('パスキーの解除の手続き');
      expect(mail.body).not.toContain('ログイン方法の再設定');
    }
    expect(ja.completed.subject).toBe('【デモ証券】パスキーを解除しました');
    expect(make('en').completed.body).toContain('passkey removal');
  });

  it('tell the customer who did it themselves to do nothing, before the lock-code steps', () => {
    for (const [lang, line] of [
      ['ja', 'このメールへの対応は不要です。'],
      ['en', 'you need not do anything.'],
    ] as const) {
      const mails = make(lang);
      for (const mail of [mails.completed, mails.added]) {
        expect(lead(mail.body)).toContain(line);
      }
    }
  });

  it('give the lock-code steps as short numbered sentences whose quoted labels are the site’s own', () => {
    const ja = recoveryMessages.ja;
    const en = recoveryMessages.en;
    const siteJa = new Set([
      common.ja.loginTrouble,
      loginMessages.ja.trouble,
      helpMessages.ja.symptoms['not-me'].label,
      helpMessages.ja.notMeProcedure,
      ja.notMe.title,
      ja.fields.loginId,
      ja.fields.lockCode,
      ja.notMe.submit,
    ]);
    const siteEn = new Set([
      common.en.loginTrouble,
      loginMessages.en.trouble,
      helpMessages.en.symptoms['not-me'].label,
      helpMessages.en.notMeProcedure,
      en.notMe.title,
      en.fields.loginId,
      en.fields.lockCode,
      en.notMe.submit,
    ]);
    for (const step of templates.NOT_ME_STEPS.ja) {
      expect(step).toMatch(/^\d\. /);
      expect([...step].length, step).toBeLessThanOrEqual(60);
      for (const [, label] of step.matchAll(/「([^」]+)」/g)) expect(siteJa.has(label), label).toBe(true);
    }
    for (const step of templates.NOT_ME_STEPS.en) {
      expect(step).toMatch(/^\d\. /);
      for (const [, label] of step.matchAll(/“([^”]+)”/g)) expect(siteEn.has(label), label).toBe(true);
    }
    const body = make('ja').otp.body;
    for (const step of templates.NOT_ME_STEPS.ja) expect(body).toContain(step);
    for (const step of templates.NOT_ME_STEPS.en) expect(body).toContain(step);
  });

  it('keep both 「心当たりがない場合」 blocks, the customer’s language first', () => {
    const ja = make('ja').notMe.body;
    const en = make('en').notMe.body;
    expect(ja.indexOf('■ 心当たりがない場合')).toBeLessThan(ja.indexOf('■ If you did not ask for this'));
    expect(en.indexOf('■ If you did not ask for this')).toBeLessThan(en.indexOf('■ 心当たりがない場合'));
  });
});
