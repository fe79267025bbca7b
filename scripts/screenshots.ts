// npx tsx scripts/screenshots.ts [out-dir]  — the screens of issue #15 at phone width (390×844), ja and en.
//
// Needs a production build (`npm run build`). Starts two demo servers on their own fresh databases (as the
// e2e suite does, tests/e2e/server.ts): one as shipped, with a short password-reset wait so the forgotten-
// password flow can be walked to its end; one with a 125-second flow and a low account limit for the time-left
// clock and the two stops. Drives Debian's Chromium (playwright-core) and writes JPEGs (quality 70, lowered
// until each file is under 150 KB) to docs/screenshots/ by default. docs/screenshots/README.md lists them.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../tests/e2e/server';
import { launchBrowser } from '../tests/e2e/support';

type Lang = 'ja' | 'en';
const OUT = path.resolve(process.argv[2] ?? 'docs/screenshots');
const MAX_BYTES = 150 * 1024;
const PASSWORD = 'Passw0rd!demo';
// One per run of the flow: a new password may not be the current one.
const NEW_PASSWORD = { ja: 'tsuki-ga-kirei-desu-ne-42', en: 'hoshi-mo-kirei-desu-yo-17' };
const taken: string[] = [];

async function save(target: Page | Locator, name: string) {
  const file = path.join(OUT, `${name}.jpg`);
  for (const quality of [70, 55, 40, 30]) {
    const opts = { path: file, type: 'jpeg' as const, quality, animations: 'disabled' as const };
    if ('goto' in target) await target.screenshot({ ...opts, fullPage: true });
    else await target.screenshot(opts);
    if (statSync(file).size <= MAX_BYTES) break;
  }
  taken.push(`${name}.jpg`);
  console.log(`${name}.jpg ${Math.round(statSync(file).size / 1024)} KB`);
}

async function phone(browser: Browser, url: string, lang: Lang): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: url,
    locale: lang === 'ja' ? 'ja-JP' : 'en-GB',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  if (lang === 'en') await ctx.addCookies([{ name: 'lang', value: 'en', url }]);
  return ctx;
}

const step = (page: Page, name: string) => page.locator(`[data-step="${name}"]`).first().waitFor({ timeout: 60_000 });
const fill = (page: Page, field: string, value: string) => page.locator(`input[name="${field}"]`).fill(value);
const submit = (page: Page) => page.locator('main button.btn-primary[type="submit"]').first().click();

/** The newest code emailed to `to`, read from the demo mailbox API. */
async function code(url: string, to: string, after: number): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${url}/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as { messages: { body: string; createdAt: string }[] };
    const m = messages.find(
      (x) => Date.parse(x.createdAt) >= after && /(?:確認コード：|Confirmation code: )\d{6}/.test(x.body),
    );
    if (m) return /(?:確認コード：|Confirmation code: )(\d{6})/.exec(m.body)![1];
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no code mail for ${to}`);
}

async function login(browser: Browser, url: string, lang: Lang) {
  const page = await (await phone(browser, url, lang)).newPage();
  await page.goto('/login');
  await save(page, `login-${lang}`);
  await fill(page, 'loginId', 'demo-locked');
  await fill(page, 'password', PASSWORD);
  await page.locator('main form button[type="submit"]').first().click();
  await page.getByTestId('passkey-required').waitFor();
  await save(page, `login-refusal-${lang}`);
  await page.context().close();
}

type Customer = { loginId: string; birth: string; account: string; email: string };
const LOCKED: Customer = { loginId: 'demo-locked', birth: 'S60.4.12', account: '1234567', email: 'locked@example.jp' };
const NORMAL: Customer = { loginId: 'demo-normal', birth: 'H2.1.31', account: '7654321', email: 'normal@example.jp' };

/** The passkey removal, intro to 受付番号 (the birth date typed in 和暦). */
async function passkeyRecovery(browser: Browser, url: string, lang: Lang, c: Customer) {
  const page = await (await phone(browser, url, lang)).newPage();
  await page.goto('/recovery');
  await step(page, 'intro');
  await save(page, `recovery-intro-${lang}`);
  await submit(page);
  await step(page, 'credentials');
  await save(page, `recovery-credentials-${lang}`);
  await fill(page, 'loginId', c.loginId);
  await fill(page, 'password', PASSWORD);
  await submit(page);
  await step(page, 'secret_question');
  await save(page, `recovery-secret-question-${lang}`);
  await fill(page, 'answer', 'ポチ');
  await submit(page);
  await step(page, 'account_data');
  await fill(page, 'birthDate', c.birth);
  await fill(page, 'branchCode', '101');
  await fill(page, 'accountNumber', c.account);
  await save(page, `recovery-account-data-${lang}`);
  const sent = Date.now() - 2000;
  await submit(page);
  await step(page, 'otp');
  await save(page, `recovery-otp-${lang}`);
  await fill(page, 'code', await code(url, c.email, sent));
  await submit(page);
  await step(page, 'review');
  await save(page, `recovery-review-${lang}`);
  await page.locator('main input[type="checkbox"]').check();
  await submit(page);
  await page.getByTestId('reference-number').waitFor();
  await save(page, `recovery-done-${lang}`);
  await page.context().close();
}

/** The forgotten password (demo-locked, PIN 1357): intro to done, through the (shortened) wait and the resume. */
async function passwordRecovery(browser: Browser, url: string, lang: Lang) {
  const page = await (await phone(browser, url, lang)).newPage();
  await page.goto('/recovery/password');
  await save(page, `password-intro-${lang}`);
  await submit(page);
  await step(page, 'credentials_pin');
  await save(page, `password-credentials-pin-${lang}`);
  await fill(page, 'loginId', 'demo-locked');
  await fill(page, 'tradingPin', '1357');
  await submit(page);
  await step(page, 'secret_question');
  await fill(page, 'answer', 'ポチ');
  await submit(page);
  await step(page, 'account_data');
  await fill(page, 'birthDate', 'S60.4.12');
  await fill(page, 'branchCode', '101');
  await fill(page, 'accountNumber', '1234567');
  let sent = Date.now() - 2000;
  await submit(page);
  await step(page, 'otp');
  await fill(page, 'code', await code(url, 'locked@example.jp', sent));
  await submit(page);
  const ref = page.getByTestId('reference-number');
  await ref.waitFor();
  await save(page, `password-waiting-${lang}`);
  const referenceNumber = (await ref.textContent())!.trim();
  const resumeAt = Date.parse((await page.getByTestId('resume-at').getAttribute('datetime'))!);
  await page.waitForTimeout(Math.max(0, resumeAt - Date.now() + 1500));
  await page.goto('/recovery/resume');
  await fill(page, 'loginId', 'demo-locked');
  await fill(page, 'referenceNumber', referenceNumber);
  await save(page, `password-resume-${lang}`);
  sent = Date.now() - 2000;
  await submit(page);
  await step(page, 'otp');
  await fill(page, 'code', await code(url, 'locked@example.jp', sent));
  await submit(page);
  await step(page, 'new_password');
  await fill(page, 'password', NEW_PASSWORD[lang]);
  await fill(page, 'confirmPassword', NEW_PASSWORD[lang]);
  await save(page, `password-new-password-${lang}`);
  await submit(page);
  await step(page, 'review');
  await save(page, `password-review-${lang}`);
  await page.locator('main input[type="checkbox"]').check();
  await submit(page);
  await step(page, 'done');
  await save(page, `password-done-${lang}`);
  await page.context().close();
}

async function pages(browser: Browser, url: string, lang: Lang) {
  const page = await (await phone(browser, url, lang)).newPage();
  const help = lang === 'ja' ? '/help' : '/help/en';
  for (const [name, href] of [
    [`login-id-${lang}`, '/recovery/login-id'],
    [`help-${lang}`, help],
    [`help-passkey-delete-${lang}`, `${help}/passkey-delete-from-device`],
  ]) {
    await page.goto(href);
    await page.locator('main').waitFor();
    await save(page, name);
  }
  await page.context().close();
}

/** Two emails as the demo mailbox shows them: the 24-hour stop in Japanese and in English (after clockAndStops). */
async function mails(browser: Browser, url: string) {
  const page = await (await phone(browser, url, 'ja')).newPage();
  const card = (subject: string) => page.locator('li.card').filter({ hasText: subject }).first();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(LOCKED.email)}`);
  await save(card('【デモ証券】パスキーの解除を停止しました'), 'mail-locked-ja');
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(NORMAL.email)}`);
  await save(card('[デモ証券] Passkey removal stopped'), 'mail-locked-en');
  await page.context().close();
}

/** From the intro, through 「ログイン情報の確認」 with the right password, to the secret question. */
async function toSecretQuestion(page: Page, loginId: string) {
  await step(page, 'intro');
  await submit(page);
  await step(page, 'credentials');
  await fill(page, 'loginId', loginId);
  await fill(page, 'password', PASSWORD);
  await submit(page);
  await step(page, 'secret_question');
}

/** With a 125-second flow: the clock's warning and 「時間を延長する」, then the two stops (flow, then account). */
async function clockAndStops(browser: Browser, url: string, lang: Lang, loginId: string) {
  const page = await (await phone(browser, url, lang)).newPage();
  await page.goto('/recovery');
  await toSecretQuestion(page, loginId);
  await page.locator('[data-testid="flow-clock"] [role="alert"]').waitFor({ timeout: 60_000 });
  await save(page, `clock-extend-${lang}`);
  await page.locator('[data-testid="flow-clock"] button[type="submit"]').click();
  await page.locator('[data-testid="flow-clock"] [role="status"]').waitFor();
  for (let i = 0; i < 5; i++) {
    await fill(page, 'answer', `ちがう${i}`);
    await submit(page);
    if (i < 4)
      await page
        .getByTestId('attempts-left')
        .filter({ hasText: String(4 - i) })
        .waitFor();
  }
  await page.locator('[data-lock="flow"]').waitFor();
  await save(page, `locked-flow-${lang}`);
  await page.locator('[data-step="locked"] button.btn-primary[type="submit"]').click();
  await toSecretQuestion(page, loginId);
  await fill(page, 'answer', 'ちがう');
  await submit(page);
  await page.locator('[data-lock="account"]').waitFor();
  await save(page, `locked-account-${lang}`);
  await page.context().close();
}

mkdirSync(OUT, { recursive: true });
const port = Number(process.env.SHOTS_PORT ?? 3961);
const browser = await launchBrowser();
let server: RunningServer | undefined;
try {
  server = await startServer({ port, env: { PASSWORD_RESET_WAIT_SECONDS: '20' } });
  // SHOTS_FROM=en-password: only what follows the English passkey removal (to finish an interrupted run).
  const rest = process.env.SHOTS_FROM === 'en-password';
  if (!rest) for (const lang of ['ja', 'en'] as const) await login(browser, server.url, lang);
  for (const lang of ['ja', 'en'] as const) {
    if (rest && lang === 'ja') continue;
    if (!rest) await passkeyRecovery(browser, server.url, lang, lang === 'ja' ? LOCKED : NORMAL);
    await passwordRecovery(browser, server.url, lang);
    await pages(browser, server.url, lang);
  }
  await server.stop();
  server = await startServer({ port: port + 1, env: { FLOW_TTL_SECONDS: '125', ACCOUNT_MAX_FAILURES: '6' } });
  await clockAndStops(browser, server.url, 'ja', 'demo-locked');
  await clockAndStops(browser, server.url, 'en', 'demo-normal');
  await mails(browser, server.url);
} finally {
  await server?.stop();
  await browser.close();
}
console.log(`${taken.length} screenshots in ${OUT}`);
