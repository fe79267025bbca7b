import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { E2E_PORTS } from './ports';
import { latestMail, serveApp } from './support';

/*
 * The header's 文字サイズ (標準/大きく) and 言語 (English/日本語) switches on every page a customer or staff member
 * can open without signing in, and on each step of a recovery in progress, with JavaScript on and off: each
 * switch lands back on the same page (the same recovery step) with the preference applied — never a JSON or
 * error page. Pages sent with a strict Referrer-Policy post these forms with `Origin: null` in Chromium
 * (docs/threat-model.md, RT-11), which is what broke them once.
 */
const app = serveApp(E2E_PORTS.prefsSwitches);

const PAGES = [
  '/login',
  '/help',
  '/help/login-trouble',
  '/help/login-trouble?symptom=passkey-message',
  '/help/passkey-cannot-login',
  '/help/search?q=%E3%83%91%E3%82%B9%E3%82%AD%E3%83%BC',
  '/recovery',
  '/recovery/status',
  '/recovery/not-me',
  '/recovery/password',
  '/recovery/login-id',
  '/recovery/resume',
  '/staff/login',
];

async function context(js: boolean): Promise<BrowserContext> {
  return app.browser.newContext({
    baseURL: app.url,
    locale: 'ja-JP',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: js,
  });
}

const here = (page: Page) => {
  const u = new URL(page.url());
  return `${u.pathname}${u.search}`;
};

/**
 * Where a switch lands: the same address — except that help pages exist once per language, so the language switch
 * opens the same help page in the other language (/help/x ⇄ /help/en/x).
 */
function landing(before: string, lang: 'ja' | 'en' | null): string {
  if (lang === 'en' && /^\/help(?![^/?])/.test(before) && !/^\/help\/en(?![^/?])/.test(before))
    return before.replace(/^\/help/, '/help/en');
  if (lang === 'ja') return before.replace(/^\/help\/en(?![^/?])/, '/help');
  return before;
}

/** Presses one header switch and checks where it lands: the same page, an HTML page, the preference applied. */
async function flip(page: Page, where: string, button: string, applied: string, lang: 'ja' | 'en' | null = null) {
  const expected = landing(here(page), lang);
  const step = await recoveryStep(page);
  const navigations: Request[] = [];
  const seen = (r: Request) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigations.push(r);
  };
  page.on('request', seen);
  await page.getByRole('banner').getByRole('button', { name: button, exact: true }).click();
  await page.locator(`html${applied}`).waitFor({ state: 'attached' });
  await page.waitForLoadState('load');
  page.off('request', seen);
  const what = `${where}: ${button}`;
  const answers = await Promise.all(navigations.map((r) => r.response()));
  const chain = navigations.map((r, i) => `${r.method()} ${new URL(r.url()).pathname} ${answers[i]?.status()}`);
  // The preference is stored and the browser sent back (a help page may redirect once more, to its language).
  expect(chain[0], what).toBe('POST /api/prefs 303');
  expect(chain.at(-1), what).toBe(`GET ${new URL(expected, app.url).pathname} 200`);
  expect(
    chain.slice(1, -1).every((c) => /^GET \/help\S* 30[78]$/.test(c)),
    `${what}: ${chain.join(', ')}`,
  ).toBe(true);
  expect(answers.at(-1)?.headers()['content-type'], what).toMatch(/^text\/html/);
  expect(here(page), what).toBe(expected);
  expect(await page.locator('body').textContent(), what).not.toMatch(/forbidden_origin|invalid_input/);
  // A recovery in progress shows the same step again.
  expect(await recoveryStep(page), what).toBe(step);
}

async function recoveryStep(page: Page): Promise<string | null> {
  const frame = page.locator('section[data-step][data-mode="live"]');
  return (await frame.count()) ? frame.first().getAttribute('data-step') : null;
}

/**
 * Both switches, each one way: from Japanese at standard size to English at large size on one page, and back on the
 * next, so every page sees both switches and each direction of them runs on every other page.
 */
async function bothSwitches(page: Page, where: string) {
  if ((await page.locator('html').getAttribute('lang')) === 'ja') {
    await flip(page, where, '大きく', '[lang="ja"][data-text-size="large"]');
    await flip(page, where, 'English', '[lang="en"][data-text-size="large"]', 'en');
    expect(await page.getByRole('banner').getByRole('button', { name: 'Large' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  } else {
    await flip(page, where, 'Standard', '[lang="en"][data-text-size="normal"]');
    await flip(page, where, '日本語', '[lang="ja"][data-text-size="normal"]', 'ja');
    expect(await page.getByRole('banner').getByRole('button', { name: '標準' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  }
}

async function press(page: Page, name: string) {
  await page.getByRole('button', { name, exact: true }).click();
}

describe('text-size and language switches on every page', () => {
  for (const js of [true, false]) {
    it(`land back on the same page with the preference applied, JavaScript ${js ? 'on' : 'off'}`, async () => {
      const ctx = await context(js);
      const page = await ctx.newPage();
      for (const path of PAGES) {
        await page.goto(path);
        await bothSwitches(page, path);
      }
      await ctx.close();
    }, 400_000);

    it(`keep a recovery in progress on its step, JavaScript ${js ? 'on' : 'off'}`, async () => {
      const ctx = await context(js);
      const page = await ctx.newPage();
      // Both switches there and back on each step, so the next step is filled in Japanese again.
      const onStep = async (step: string) => {
        await page.locator(`section[data-step="${step}"]`).waitFor();
        await bothSwitches(page, `/recovery ${step}`);
        await bothSwitches(page, `/recovery ${step}`);
      };
      await page.goto('/recovery');
      await onStep('intro');
      await press(page, '本人確認をはじめる');
      await onStep('credentials');
      await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');
      await page.getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
      await press(page, '次へ');
      await onStep('secret_question');
      await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ポチ');
      await press(page, '次へ');
      await onStep('account_data');
      await page.getByLabel('生年月日', { exact: true }).fill('1990-01-31');
      await page.getByLabel('部店コード', { exact: true }).fill('101');
      await page.getByLabel('口座番号', { exact: true }).fill('7654321');
      await press(page, '次へ');
      await onStep('otp');
      const mail = await latestMail(app.url, 'normal@example.jp', '確認コード');
      await page.getByLabel('確認コード', { exact: true }).fill(/確認コード：(\d{6})/.exec(mail!.body)![1]);
      await press(page, '次へ');
      await onStep('review');
      // Stop here: the next run (JavaScript off) walks the same customer from the start.
      await page.locator('summary', { hasText: '手続きをやめる' }).click();
      await press(page, 'やめる');
      await onStep('cancelled');
      await ctx.close();
    }, 400_000);
  }
});
