import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { axe } from './axe';
import { latestMail, newContext, serveApp } from './support';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.a11y);

/** Moves focus with the Tab key only until `target` has it (a keyboard user's way through a form). */
async function tabTo(page: Page, target: Locator, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with the Tab key`);
}

async function expectNoViolations(page: Page, where: string) {
  // After a step's server action, Next commits the new body first and streams the page's metadata after it: for a
  // moment the document has no <title> (axe: document-title). Check the page once it has settled, title included.
  await page.waitForFunction(() => document.title.trim().length > 0);
  const violations = await axe(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

const STATIC_PAGES = [
  '/login',
  '/help',
  '/help/login-trouble',
  '/help/login-trouble?symptom=passkey',
  '/help/passkey-cannot-login',
  '/help/search?q=パスキー',
  '/recovery',
  '/recovery/status',
  '/recovery/not-me',
];

describe('accessibility (axe-core, phone width)', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`has no violations on the public pages in ${lang}`, async () => {
      const ctx = await newContext(app, { mobile: true });
      await ctx.addCookies([{ name: 'lang', value: lang, url: app.url }]);
      const page = await ctx.newPage();
      for (const path of STATIC_PAGES) {
        await page.goto(path);
        await expectNoViolations(page, `${lang} ${path}`);
      }
      await ctx.close();
    });
  }

  it('completes the whole recovery flow with the keyboard alone, each step free of violations, focus on each heading', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await page.goto('/recovery');
    await expectNoViolations(page, 'intro');
    await tabTo(page, page.getByRole('button', { name: '本人確認をはじめる' }));
    await page.keyboard.press('Enter');

    const fill = async (label: string, value: string) => {
      const input = page.getByLabel(label, { exact: true });
      await input.waitFor();
      await tabTo(page, input);
      await page.keyboard.type(value);
    };
    const submit = async (name = '次へ') => {
      await tabTo(page, page.getByRole('button', { name, exact: true }));
      await page.keyboard.press('Enter');
    };
    const headingFocused = async (step: string) => {
      await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
      await expectNoViolations(page, step);
    };

    await page.getByLabel('ログインID', { exact: true }).waitFor();
    await headingFocused('credentials');
    await fill('ログインID', 'demo-locked');
    await fill('パスワード', 'Passw0rd!demo');
    await submit();

    await page.getByLabel('秘密の質問の答え', { exact: true }).waitFor();
    await headingFocused('secret_question');
    await fill('秘密の質問の答え', 'ポチ');
    await submit();

    await page.getByLabel('生年月日', { exact: true }).waitFor();
    await headingFocused('account_data');
    await fill('生年月日', '19850412');
    await fill('部店コード', '101');
    await fill('口座番号', '1234567');
    await submit();

    await page.getByLabel('確認コード', { exact: true }).waitFor();
    await headingFocused('otp');
    const mail = await latestMail(app.url, 'locked@example.jp', '確認コード');
    await fill('確認コード', /確認コード：(\d{6})/.exec(mail!.body)![1]);
    await submit();

    const agree = page.getByLabel('上記のパスキーを削除し、ID・パスワードでのログインを有効にすることに同意します');
    await agree.waitFor();
    await headingFocused('review');
    await tabTo(page, agree);
    await page.keyboard.press('Space');
    await submit('パスキーを削除する');

    await page.getByTestId('reference-number').waitFor();
    await headingFocused('done');
    await ctx.close();
  });

  it('keeps the text-size choice (標準 / 大きく) across pages and visits', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await page.goto('/login');
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await page.getByRole('button', { name: '大きく' }).click();
    // The switch posts a form and the page is replaced: between the two documents there is no
    // documentElement to read, so the check must allow for that moment.
    await page.waitForFunction(() => document.documentElement?.dataset.textSize === 'large');
    await page.goto('/help');
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(after).toBeGreaterThan(before);
    expect(await page.getByRole('button', { name: '大きく' }).getAttribute('aria-pressed')).toBe('true');
    await ctx.close();
  });
});
