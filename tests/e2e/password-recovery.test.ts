import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axe } from './axe';
import { newContext, passwordLogin, serveApp } from './support';

/*
 * The forgotten password and the forgotten login ID in Chromium (docs/design.md#forgotten-password,
 * #forgotten-login-id): a 3-second cooling-off wait stands in for the day a customer waits.
 */
const app = serveApp(3262, { PASSWORD_RESET_WAIT_SECONDS: '3' });

const SHOTS = process.env.E2E_SHOTS_DIR;

/** Screenshots for review, only when E2E_SHOTS_DIR is set (never part of the assertion). */
async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe finds nothing on the page, and the same page in English (the language cookie) too. */
async function accessible(page: Page, name: string) {
  expect(await axe(page), `${name} (ja)`).toEqual([]);
  await shot(page, `${name}-ja`);
}

async function englishToo(ctx: BrowserContext, url: string, name: string, prepare?: (page: Page) => Promise<void>) {
  const en = await ctx.browser()!.newContext({
    baseURL: app.url,
    locale: 'en-GB',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  await en.addCookies([{ name: 'lang', value: 'en', url: app.url }]);
  const page = await en.newPage();
  await page.goto(url);
  if (prepare) await prepare(page);
  expect(await axe(page), `${name} (en)`).toEqual([]);
  await shot(page, `${name}-en`);
  await en.close();
}

async function next(page: Page, name = '次へ') {
  await page.getByRole('button', { name, exact: true }).click();
}

type Mail = { subject: string; body: string };
async function mailbox(to: string): Promise<Mail[]> {
  const res = await fetch(`${app.url}/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: Mail[] }).messages;
}

/** The newest 6-digit code in the mailbox that is not one of `seen` (the mail is queued by the step's request). */
async function freshCode(to: string, seen: string[]): Promise<string> {
  for (let i = 0; i < 100; i++) {
    for (const m of await mailbox(to)) {
      const code = /(?:確認コード：|Confirmation code: )(\d{6})/.exec(m.body)?.[1];
      if (code && !seen.includes(code)) return code;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no new code for ${to}`);
}

describe('forgotten login ID in the browser', () => {
  it('a matching request emails the login ID once; a non-matching one looks the same on the page', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'ログインIDをお忘れの方' }).click();
    await page.waitForURL('**/recovery/login-id');
    await accessible(page, 'login-id-form');

    const ask = async (accountNumber: string) => {
      await page.goto('/recovery/login-id');
      await page.getByLabel('生年月日', { exact: true }).fill('19850412');
      await page.getByLabel('部店コード', { exact: true }).fill('101');
      await page.getByLabel('口座番号', { exact: true }).fill(accountNumber);
      await page.getByLabel('登録メールアドレス', { exact: true }).fill('locked@example.jp');
      await next(page, '送信する');
      const answer = page.getByTestId('login-id-answer');
      await answer.waitFor();
      return (await answer.textContent())!;
    };

    const matched = await ask('1234567');
    expect(matched).toContain('ご入力の内容が登録内容と一致した場合、登録メールアドレスにログインIDをお送りしました。');
    await accessible(page, 'login-id-answer');
    const naming = (await mailbox('locked@example.jp')).filter((m) => m.body.includes('demo-locked'));
    expect(naming).toHaveLength(1);
    expect(naming[0].body).not.toMatch(/https?:\/\//);

    const unmatched = await ask('7654321');
    expect(unmatched).toBe(matched);
    expect((await mailbox('locked@example.jp')).filter((m) => m.body.includes('demo-locked'))).toHaveLength(1);

    await englishToo(ctx, '/recovery/login-id', 'login-id-form');
    await ctx.close();
  });
});

describe('forgotten password in the browser', () => {
  it('demo-locked: PIN → question → details → code → wait → resume elsewhere → new password → login', async () => {
    const first = await newContext(app, { mobile: true });
    const page = await first.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
    await page.waitForURL('**/recovery/password');
    await page.getByRole('heading', { name: 'パスワードをお忘れの方' }).waitFor();
    expect(await page.textContent('main')).toContain('お待ちいただく時間があります');
    await accessible(page, 'password-intro');
    await englishToo(first, '/recovery/password', 'password-intro');

    await next(page, '本人確認をはじめる');
    await page.getByLabel('取引暗証番号', { exact: true }).waitFor();
    expect(await page.getByLabel('取引暗証番号', { exact: true }).getAttribute('inputmode')).toBe('numeric');
    await accessible(page, 'password-credentials-pin');
    await page.getByLabel('ログインID', { exact: true }).fill('demo-locked');
    await page.getByLabel('取引暗証番号', { exact: true }).fill('１３５７'); // a phone may give full-width digits
    await next(page);

    await page.getByTestId('secret-question').waitFor();
    expect(await page.getByTestId('recovery-progress').textContent()).toContain('/ 7');
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ぽち');
    await next(page);

    await page.getByLabel('生年月日', { exact: true }).fill('19850412');
    await page.getByLabel('部店コード', { exact: true }).fill('101');
    await page.getByLabel('口座番号', { exact: true }).fill('1234567');
    await next(page);

    await page.getByLabel('確認コード', { exact: true }).waitFor();
    const code1 = await freshCode('locked@example.jp', []);
    await page.getByLabel('確認コード', { exact: true }).fill(code1);
    await next(page);

    const ref = page.getByTestId('reference-number');
    await ref.waitFor();
    const referenceNumber = (await ref.textContent())!.trim();
    expect(referenceNumber).toMatch(/^R-\d{8}-[A-Z0-9]{6}$/);
    expect(await page.getByTestId('resume-at').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await page.getByRole('link', { name: '心当たりのない通知を受け取った方' }).getAttribute('href')).toBe(
      '/recovery/not-me',
    );
    await accessible(page, 'password-waiting');
    // The registered address is told at once, without a link.
    const notices = (await mailbox('locked@example.jp')).filter((m) => m.body.includes(referenceNumber));
    expect(notices.length).toBeGreaterThan(0);
    expect(notices[0].body).not.toMatch(/https?:\/\//);

    // The wait is over: the screen says so, and the customer continues on another device.
    await page.getByText('お待ちいただく時間が過ぎました').waitFor();
    await first.close();

    const second = await newContext(app, { mobile: true });
    const other = await second.newPage();
    await other.goto('/recovery/resume');
    await accessible(other, 'password-resume');
    await englishToo(second, '/recovery/resume', 'password-resume');
    await other.getByLabel('ログインID', { exact: true }).fill('demo-locked');
    await other.getByLabel('受付番号', { exact: true }).fill(referenceNumber.toLowerCase());
    await next(other, '確認コードを受け取る');
    await other.waitForURL('**/recovery/password');
    await other.getByLabel('確認コード', { exact: true }).waitFor();
    const code2 = await freshCode('locked@example.jp', [code1]);
    await other.getByLabel('確認コード', { exact: true }).fill(code2);
    await next(other);

    // The rules are on screen before typing; a common password is refused with its reason next to the field.
    await other.getByRole('heading', { name: '新しいパスワードを設定してください' }).waitFor();
    expect(await other.textContent('main')).toContain('10文字以上、128文字以内');
    await accessible(other, 'password-new-password');
    await other.getByLabel('新しいパスワード', { exact: true }).fill('qwertyuiop');
    await other.getByLabel('新しいパスワード（確認）', { exact: true }).fill('qwertyuiop');
    await other.getByTestId('password-strength').waitFor();
    await next(other);
    const reasons = other.getByTestId('weak-password-reasons');
    await reasons.waitFor();
    expect(await reasons.locator('[data-reason="common"]').textContent()).toContain('よく使われているパスワード');
    expect(await other.locator('#recovery-password').getAttribute('aria-describedby')).toContain(
      'recovery-password-error',
    );
    await accessible(other, 'password-new-password-refused');

    const strong = 'Kumo-no-ue-de-hirune-2026';
    await other.getByLabel('パスワードを表示').check();
    expect(await other.locator('#recovery-password').getAttribute('type')).toBe('text');
    await other.getByLabel('新しいパスワード', { exact: true }).fill(strong);
    await other.getByLabel('新しいパスワード（確認）', { exact: true }).fill(strong);
    await next(other);

    await other.getByRole('heading', { name: '変更する内容をご確認ください' }).waitFor();
    expect(await other.getByTestId('review-passkeys').locator('li').count()).toBe(2);
    await accessible(other, 'password-review');
    await other.getByLabel('パスワードを変更し、上記のパスキーを削除することに同意します').check();
    await next(other, 'パスワードを変更する');

    await other.getByRole('heading', { name: '手続きが完了しました' }).waitFor();
    expect(await other.textContent('main')).toContain('パスワードを変更しました');
    await accessible(other, 'password-done');
    await other.getByRole('link', { name: 'ログイン画面へ' }).click();
    await other.waitForURL('**/login');

    await passwordLogin(other, 'demo-locked', strong);
    await other.waitForURL('**/account/security');
    await other.getByTestId('no-passkeys').waitFor();
    await second.close();
  });

  it('in English, demo-normal walks the same screens (axe on each, phone width)', async () => {
    const ctx = await newContext(app, { mobile: true, locale: 'en-GB' });
    await ctx.addCookies([{ name: 'lang', value: 'en', url: app.url }]);
    const page = await ctx.newPage();
    const en = async (name: string) => {
      // The title is streamed with the page's metadata; axe reads the document once it is there.
      await page.waitForFunction(() => document.title !== '');
      expect(await axe(page), `${name} (en)`).toEqual([]);
      await shot(page, `${name}-en`);
    };
    await page.goto('/recovery/password');
    await next(page, 'Start identity check');
    await page.getByLabel('Trading PIN', { exact: true }).waitFor();
    await en('password-credentials-pin');
    await page.getByLabel('Login ID', { exact: true }).fill('demo-normal');
    await page.getByLabel('Trading PIN', { exact: true }).fill('2468');
    await next(page, 'Next');
    await page.getByTestId('secret-question').waitFor();
    await page.getByLabel('Answer to your secret question', { exact: true }).fill('ポチ');
    await next(page, 'Next');
    await page.getByLabel('Date of birth', { exact: true }).fill('19900131');
    await page.getByLabel('Branch code', { exact: true }).fill('101');
    await page.getByLabel('Account number', { exact: true }).fill('7654321');
    await next(page, 'Next');
    await page.getByLabel('Confirmation code', { exact: true }).waitFor();
    const code1 = await freshCode('normal@example.jp', []);
    await page.getByLabel('Confirmation code', { exact: true }).fill(code1);
    await next(page, 'Next');
    const referenceNumber = (await page.getByTestId('reference-number').textContent())!.trim();
    await en('password-waiting');
    await page.getByText('The waiting time is over').waitFor();

    await page.goto('/recovery/resume');
    await page.getByLabel('Login ID', { exact: true }).fill('demo-normal');
    await page.getByLabel('Reference number', { exact: true }).fill(referenceNumber);
    await next(page, 'Get a confirmation code');
    await page.waitForURL('**/recovery/password');
    await page.getByLabel('Confirmation code', { exact: true }).waitFor();
    const code2 = await freshCode('normal@example.jp', [code1]);
    await page.getByLabel('Confirmation code', { exact: true }).fill(code2);
    await next(page, 'Next');

    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    // The login ID inside the new password is refused, and said so in English next to the field.
    await page.getByLabel('New password', { exact: true }).fill('demo-normal-2026-spring');
    await page.getByLabel('New password (again)', { exact: true }).fill('demo-normal-2026-spring');
    await next(page, 'Next');
    await page.getByTestId('weak-password-reasons').locator('[data-reason="contains_login_id"]').waitFor();
    await en('password-new-password-refused');
    const strong = 'Sora-iro-no-kasa-to-ame-7';
    await page.getByLabel('New password', { exact: true }).fill(strong);
    await page.getByLabel('New password (again)', { exact: true }).fill(strong);
    await page.getByTestId('password-strength').waitFor();
    await en('password-new-password');
    await next(page, 'Next');
    await page.getByRole('heading', { name: 'Check what will change' }).waitFor();
    await en('password-review');
    await page.getByLabel('I agree to change my password and remove the passkeys above').check();
    await next(page, 'Change my password');
    await page.getByText('Your password has been changed').waitFor();
    await en('password-done');

    // The old password no longer works; the new one does.
    const old = await fetch(`${app.url}/api/v1/session/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'demo-normal', password: 'Passw0rd!demo' }),
    });
    expect(old.status).toBe(401);
    const fresh = await fetch(`${app.url}/api/v1/session/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'demo-normal', password: strong }),
    });
    expect(fresh.status).toBe(200);
    await ctx.close();
  });
});

describe('without JavaScript', () => {
  it('the login-ID reminder, the password intro and the PIN step work as plain form posts', async () => {
    const ctx = await app.browser.newContext({
      baseURL: app.url,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await ctx.newPage();
    await page.goto('/recovery/login-id');
    await page.getByLabel('生年月日', { exact: true }).fill('19850412');
    await page.getByLabel('部店コード', { exact: true }).fill('101');
    await page.getByLabel('口座番号', { exact: true }).fill('0000000');
    await page.getByLabel('登録メールアドレス', { exact: true }).fill('nobody@example.jp');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.getByTestId('login-id-answer').waitFor();
    expect(await page.getByTestId('login-id-answer').textContent()).toContain('ご入力の内容が登録内容と一致した場合');

    await page.goto('/recovery/password');
    await page.getByRole('button', { name: '本人確認をはじめる' }).click();
    await page.getByLabel('取引暗証番号', { exact: true }).waitFor();
    await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');
    await page.getByLabel('取引暗証番号', { exact: true }).fill('12');
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    // The server's schema answers beside the field, as the browser's would.
    await page.locator('#recovery-tradingPin-error').filter({ hasText: '4桁の数字' }).waitFor();
    await page.getByLabel('取引暗証番号', { exact: true }).fill('0000');
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await page.getByTestId('recovery-error').waitFor();
    expect(await page.getByTestId('recovery-error').getAttribute('data-code')).toBe('verification_failed');
    await ctx.close();
  });
});
