import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axe } from './axe';
import { newContext, serveApp } from './support';
import { E2E_PORTS } from './ports';

/*
 * axe-core on every page of the forgotten password and the forgotten login ID (docs/design.md#forgotten-password,
 * #forgotten-login-id), in Japanese and in English, at phone width (390×844): each step of the password
 * kind up to the new password, the resume page and the login-ID reminder with its answer, and the states
 * a customer meets when something is wrong (field errors, a wrong PIN, an unknown 受付番号).
 * The screens after the new password (review, done) are in password-recovery.test.ts.
 */
const app = serveApp(E2E_PORTS.passwordA11y, { PASSWORD_RESET_WAIT_SECONDS: '3' });

const COPY = {
  ja: {
    account: {
      loginId: 'demo-locked',
      pin: '1357',
      answer: 'ぽち',
      birth: '19850412',
      number: '1234567',
      email: 'locked@example.jp',
    },
    loginId: 'ログインID',
    pin: '取引暗証番号',
    answer: '秘密の質問の答え',
    birth: '生年月日',
    branch: '部店コード',
    number: '口座番号',
    email: '登録メールアドレス',
    code: '確認コード',
    reference: '受付番号',
    newPassword: '新しいパスワード',
    start: '本人確認をはじめる',
    next: '次へ',
    send: '送信する',
    resume: '確認コードを受け取る',
    waitOver: 'お待ちいただく時間が過ぎました',
  },
  en: {
    account: {
      loginId: 'demo-normal',
      pin: '2468',
      answer: 'ポチ',
      birth: '19900131',
      number: '7654321',
      email: 'normal@example.jp',
    },
    loginId: 'Login ID',
    pin: 'Trading PIN',
    answer: 'Answer to your secret question',
    birth: 'Date of birth',
    branch: 'Branch code',
    number: 'Account number',
    email: 'Registered email address',
    code: 'Confirmation code',
    reference: 'Reference number',
    newPassword: 'New password',
    start: 'Start identity check',
    next: 'Next',
    send: 'Send',
    resume: 'Get a confirmation code',
    waitOver: 'The waiting time is over',
  },
} as const;

type Mail = { body: string };
async function freshCode(to: string, seen: string[]): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${app.url}/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`);
    for (const m of ((await res.json()) as { messages: Mail[] }).messages) {
      const code = /(?:確認コード：|Confirmation code: )(\d{6})/.exec(m.body)?.[1];
      if (code && !seen.includes(code)) return code;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no new code for ${to}`);
}

describe('forgotten password and login ID: axe on every page, phone width', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`has no violations on any step or refusal in ${lang}`, async () => {
      const t = COPY[lang];
      const a = t.account;
      const ctx = await newContext(app, { mobile: true, locale: lang === 'ja' ? 'ja-JP' : 'en-GB' });
      await ctx.addCookies([{ name: 'lang', value: lang, url: app.url }]);
      const page = await ctx.newPage();
      const checked: string[] = [];
      const clean = async (name: string, p: Page = page) => {
        // The title is streamed with the page's metadata; axe reads the document once it is there.
        await p.waitForFunction(() => document.title !== '');
        expect(await axe(p), `${name} (${lang})`).toEqual([]);
        checked.push(name);
      };
      const field = (label: string) => page.getByLabel(label, { exact: true });
      const press = (name: string) => page.getByRole('button', { name, exact: true }).click();

      // 「ログインIDをお忘れの方」: the form, its field errors, the one answer.
      await page.goto('/recovery/login-id');
      await clean('login-id form');
      await press(t.send);
      await page.locator('[aria-invalid="true"]').first().waitFor();
      await clean('login-id form with field errors');
      await field(t.birth).fill(a.birth);
      await field(t.branch).fill('101');
      await field(t.number).fill(a.number);
      await field(t.email).fill(a.email);
      await press(t.send);
      await page.getByTestId('login-id-answer').waitFor();
      await clean('login-id answer');

      // 「パスワードをお忘れの方」: every step up to the wait, with a wrong PIN on the way.
      await page.goto('/recovery/password');
      await clean('password intro');
      await press(t.start);
      await field(t.pin).waitFor();
      await clean('credentials_pin');
      await field(t.loginId).fill(a.loginId);
      await field(t.pin).fill('0000');
      await press(t.next);
      await page.getByTestId('recovery-error').waitFor();
      await clean('credentials_pin refused');
      await field(t.loginId).fill(a.loginId);
      await field(t.pin).fill(a.pin);
      await press(t.next);
      await page.getByTestId('secret-question').waitFor();
      await clean('secret_question');
      await field(t.answer).fill(a.answer);
      await press(t.next);
      await field(t.birth).waitFor();
      await clean('account_data');
      await field(t.birth).fill(a.birth);
      await field(t.branch).fill('101');
      await field(t.number).fill(a.number);
      await press(t.next);
      await field(t.code).waitFor();
      await clean('otp');
      const code1 = await freshCode(a.email, []);
      await field(t.code).fill(code1);
      await press(t.next);
      const referenceNumber = (await page.getByTestId('reference-number').textContent())!.trim();
      await clean('waiting');
      await page.getByText(t.waitOver).waitFor();
      await clean('waiting, the wait over');

      // /recovery/resume: the form, an unknown 受付番号, then the code and the new password.
      await page.goto('/recovery/resume');
      await clean('resume form');
      await field(t.loginId).fill(a.loginId);
      await field(t.reference).fill('R-20200101-AAAAAA');
      await press(t.resume);
      await page.getByTestId('recovery-error').waitFor();
      await clean('resume refused');
      await field(t.loginId).fill(a.loginId);
      await field(t.reference).fill(referenceNumber);
      await press(t.resume);
      await page.waitForURL('**/recovery/password');
      await field(t.code).waitFor();
      await clean('resumed otp');
      await field(t.code).fill(await freshCode(a.email, [code1]));
      await press(t.next);
      await field(t.newPassword).waitFor();
      await clean('new_password');
      expect(checked).toHaveLength(15);
      await ctx.close();
    });
  }
});
