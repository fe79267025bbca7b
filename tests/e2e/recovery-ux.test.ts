import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axe } from './axe';
import { E2E_PORTS } from './ports';
import { latestMail, newContext, serveApp, staffLogin } from './support';

/*
 * The passkey recovery as a stressed customer meets it on a phone (docs/design.md#steps): the time left and
 * 「時間を延長する」 near the end of a short flow, the two different stops, an English flow with one attempt left, and
 * the whole flow with JavaScript off. Every screen stays free of axe violations. With SHOTS_DIR set, each screen is
 * also saved as a screenshot there.
 */
// A flow lives 130 s here: the two-minute warning comes 10 s after the start and 10 s after each extension.
const app = serveApp(E2E_PORTS.recoveryUx, { FLOW_TTL_SECONDS: '130', ACCOUNT_MAX_FAILURES: '6' });

async function shot(page: Page, name: string) {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

async function noViolations(page: Page) {
  expect(await axe(page)).toEqual([]);
}

async function phone(locale: 'ja' | 'en', opts: { js?: boolean } = {}): Promise<BrowserContext> {
  if (opts.js === false) {
    return app.browser.newContext({
      baseURL: app.url,
      locale: locale === 'ja' ? 'ja-JP' : 'en-GB',
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
      javaScriptEnabled: false,
    });
  }
  const ctx = await newContext(app, { mobile: true, locale: locale === 'ja' ? 'ja-JP' : 'en-GB' });
  if (locale === 'en') await ctx.addCookies([{ name: 'lang', value: 'en', url: app.url }]);
  return ctx;
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).click();
}

async function signIn(page: Page, loginId: string, ja = true) {
  await page.goto('/recovery');
  await press(page, ja ? '本人確認をはじめる' : 'Start identity check');
  await page.getByLabel(ja ? 'ログインID' : 'Login ID', { exact: true }).fill(loginId);
  await page.getByLabel(ja ? 'パスワード' : 'Password', { exact: true }).fill('Passw0rd!demo');
  await press(page, ja ? '次へ' : 'Next');
  await page.getByTestId('secret-question').waitFor();
}

const expiresAt = async (page: Page) =>
  Date.parse((await page.getByTestId('flow-clock').getAttribute('data-expires-at'))!);

describe('recovery at phone width', () => {
  it('shows the time left under the step indicator, warns two minutes before the end, and 「時間を延長する」 extends the flow — twice, audited, then no more', async () => {
    const ctx = await phone('ja');
    const page = await ctx.newPage();
    await page.goto('/recovery');
    await noViolations(page);
    await shot(page, 'intro-ja');
    await press(page, '本人確認をはじめる');
    const clock = page.getByTestId('flow-clock');
    await clock.waitFor();
    const start = await expiresAt(page);
    // Under the step indicator, before the heading, in body text: the minutes left and the clock time it ends.
    expect(await clock.textContent()).toMatch(/^残り時間：[\d分秒]+（\d{2}:\d{2}まで）/);
    expect(
      await page.evaluate(() => {
        const c = document.querySelector('[data-testid="flow-clock"]')!;
        const p = document.querySelector('[data-testid="recovery-progress"]')!;
        const h = document.querySelector('h1')!;
        return (
          !!(p.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING) &&
          !!(c.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING)
        );
      }),
    ).toBe(true);
    // What the customer typed stays through an extension.
    await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');

    for (let i = 1; i <= 2; i++) {
      // The warning comes back before each end, also after an extension.
      const warning = clock.getByRole('alert');
      await warning.waitFor({ timeout: 30_000 });
      expect(await warning.textContent()).toContain('まもなく時間切れです');
      expect(Number(await clock.getAttribute('data-seconds-left'))).toBeLessThanOrEqual(120);
      if (i === 1) {
        await noViolations(page);
        await shot(page, 'time-warning-ja');
      }
      const before = await expiresAt(page);
      await clock.getByRole('button', { name: '時間を延長する' }).click();
      await clock.getByRole('status').filter({ hasText: '時間を延長しました' }).waitFor();
      expect(await expiresAt(page)).toBeGreaterThan(before);
      expect(Number(await clock.getAttribute('data-seconds-left'))).toBeGreaterThan(120);
      expect(await page.getByLabel('ログインID', { exact: true }).inputValue()).toBe('demo-normal');
    }
    // Never past three lifetimes after the start (docs/design.md#flow-token).
    expect(await expiresAt(page)).toBeLessThanOrEqual(start + 2 * 130_000);
    // Past the cap the button says so and nothing changes.
    await clock.getByRole('alert').waitFor({ timeout: 30_000 });
    const last = await expiresAt(page);
    await clock.getByRole('button', { name: '時間を延長する' }).click();
    await clock.getByText('これ以上は延長できません').waitFor();
    expect(await expiresAt(page)).toBe(last);
    expect(await clock.getByRole('button', { name: '時間を延長する' }).count()).toBe(0);
    await shot(page, 'time-no-more-ja');
    await ctx.close();

    // Each extension is audited; the refusal past the cap extends nothing.
    const staff = await newContext(app);
    const sp = await staff.newPage();
    await staffLogin(sp, 'admin@example.jp');
    await sp.goto('/staff/audit?action=recovery.extended');
    expect(await sp.getByTestId('audit-log').locator('tbody tr').count()).toBe(2);
    await staff.close();
  }, 120_000);

  it('tells the two stops apart: after 5 failures in one flow the customer starts again at once; after the account limit, the end time and no restart', async () => {
    const ctx = await phone('ja');
    const page = await ctx.newPage();
    await signIn(page, 'demo-locked');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('秘密の質問の答え', { exact: true }).fill(`ちがう${i}`);
      await press(page, '次へ');
      if (i < 4)
        await page
          .getByTestId('recovery-error')
          .filter({ hasText: `あと${4 - i}回間違えると` })
          .waitFor();
    }
    const kind = page.getByTestId('locked-kind');
    await kind.waitFor();
    expect(await kind.getAttribute('data-lock')).toBe('flow');
    expect(await page.textContent('body')).toContain('すぐに最初からやり直せます');
    expect(await page.getByRole('button', { name: '最初からやり直す' }).count()).toBe(1);
    await noViolations(page);
    await shot(page, 'locked-flow-ja');

    await press(page, '最初からやり直す');
    await press(page, '本人確認をはじめる');
    await page.getByLabel('ログインID', { exact: true }).fill('demo-locked');
    await page.getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
    await press(page, '次へ');
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ちがう');
    await press(page, '次へ');
    await page.locator('[data-lock="account"]').waitFor();
    const until = page.getByTestId('locked-until');
    expect(await until.textContent()).toMatch(
      /^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}から、もう一度お手続きいただけます。$/,
    );
    expect(Date.parse((await until.getAttribute('data-until'))!)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(await page.getByRole('button', { name: '最初からやり直す' }).count()).toBe(0);
    const line = await page.getByTestId('support-line').textContent();
    expect(line).toContain('0120-000-000');
    expect(line).toContain('携帯電話・IP電話・海外から');
    expect(line).toContain('03-0000-0000');
    expect(line).toContain('土日・祝日 9:00〜17:00');
    await noViolations(page);
    await shot(page, 'locked-account-ja');
    // A reload (a new page load of the same flow) shows the same stop.
    await page.reload();
    await page.locator('[data-lock="account"]').waitFor();
    expect(await page.getByRole('button', { name: '最初からやり直す' }).count()).toBe(0);
    await ctx.close();
  }, 120_000);

  it('reads correctly in English with one attempt left, and the password field is emptied after a refusal', async () => {
    const ctx = await phone('en');
    const page = await ctx.newPage();
    await page.goto('/recovery');
    await shot(page, 'intro-en');
    await press(page, 'Start identity check');
    await page.getByLabel('Login ID', { exact: true }).fill('demo-normal');
    await page.getByLabel('Password', { exact: true }).fill('wrong-password');
    await page.getByLabel('Show password').check();
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('type')).toBe('text');
    await press(page, 'Next');
    await page.getByTestId('recovery-error').waitFor();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Login ID', { exact: true }).inputValue()).toBe('demo-normal');
    await shot(page, 'credentials-error-en');
    await page.getByLabel('Password', { exact: true }).fill('Passw0rd!demo');
    await press(page, 'Next');
    await page.getByTestId('secret-question').waitFor();
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('Answer to your secret question', { exact: true }).fill(`wrong ${i}`);
      await press(page, 'Next');
      await page
        .getByTestId('attempts-left')
        .filter({ hasText: `${3 - i} more mistake` })
        .waitFor();
    }
    const alert = page.getByTestId('recovery-error');
    expect(await alert.textContent()).toBe(
      'What you entered does not match our records. Please check it against your documents and try again.' +
        'After 1 more mistake we will stop this request for your safety. You can start again afterwards.',
    );
    expect(await page.textContent('body')).not.toMatch(/\b1 more mistakes\b|\b1 minutes\b|\b1 seconds\b/);
    expect(await page.getByTestId('flow-clock').textContent()).toMatch(
      /^Time left: \d+ min(?: \d+ seconds?)? \(until \d{2}:\d{2} JST\)/,
    );
    await noViolations(page);
    await shot(page, 'one-attempt-left-en');
    await ctx.close();
  }, 120_000);

  it('without JavaScript, walks the whole passkey recovery from the intro to the 受付番号 (和暦 birth date included)', async () => {
    const ctx = await phone('ja', { js: false });
    const page = await ctx.newPage();
    await page.goto('/recovery');
    await press(page, '本人確認をはじめる');
    await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');
    await page.getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
    await press(page, '次へ');
    await page.getByTestId('secret-question').waitFor();
    expect(await page.getByTestId('flow-clock').textContent()).toMatch(/^残り時間：[\d分秒]+（\d{2}:\d{2}まで）/);
    // A refusal is shown without JavaScript too.
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('タマ');
    await press(page, '次へ');
    await page.getByTestId('recovery-error').waitFor();
    await shot(page, 'nojs-error-ja');
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ﾎﾟﾁ');
    await press(page, '次へ');
    // 1990-01-31 typed as 平成2年.
    await page.getByLabel('生年月日', { exact: true }).fill('H2.1.31');
    await page.getByLabel('部店コード', { exact: true }).fill('101');
    await page.getByLabel('口座番号', { exact: true }).fill('7654321');
    await shot(page, 'account-data-ja');
    await press(page, '次へ');
    await page.getByLabel('確認コード', { exact: true }).waitFor();
    const mail = await latestMail(app.url, 'normal@example.jp', '確認コード');
    const code = /確認コード：(\d{6})/.exec(mail!.body)![1];
    await page.getByLabel('確認コード', { exact: true }).fill(code);
    await press(page, '次へ');
    await page.getByRole('heading', { name: '削除するパスキーをご確認ください' }).waitFor();
    await shot(page, 'review-ja');
    // The consent is checked on the server when no script checks it first.
    await press(page, 'パスキーを削除する');
    await page.locator('#recovery-confirm-error').filter({ hasText: 'チェックを入れてください' }).waitFor();
    await page.getByLabel('上記のパスキーを削除し、ID・パスワードでのログインを有効にすることに同意します').check();
    await press(page, 'パスキーを削除する');
    const ref = page.getByTestId('reference-number');
    await ref.waitFor();
    expect(await ref.textContent()).toMatch(/^R-\d{8}-[A-Z0-9]{6}$/);
    await shot(page, 'done-ja');
    await ctx.close();
  }, 120_000);
});
