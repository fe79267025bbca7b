import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { startServer, type RunningServer } from './server';

/**
 * Each e2e file gets its own production server on a fresh embedded database with the demo data,
 * and its own browser, so files never depend on each other's leftovers.
 */
export function serveApp(port: number, env: Record<string, string> = {}) {
  const app = {
    url: `http://localhost:${port}`,
    browser: undefined as unknown as Browser,
    server: undefined as RunningServer | undefined,
  };
  beforeAll(async () => {
    [app.server, app.browser] = await Promise.all([startServer({ port, env }), launchBrowser()]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
    headless: true,
  });
}

export async function newContext(
  app: { browser: Browser; url: string },
  opts: { mobile?: boolean; locale?: string } = {},
): Promise<BrowserContext> {
  return app.browser.newContext({
    baseURL: app.url,
    locale: opts.locale ?? 'ja-JP',
    viewport: opts.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    isMobile: !!opts.mobile,
    hasTouch: !!opts.mobile,
  });
}

/** A DevTools virtual authenticator (platform, resident keys, user verification) on the page. */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

export async function credentialsOf(cdp: CDPSession, authenticatorId: string) {
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  return credentials;
}

/** Reads the newest message to an address from the demo mailbox (DEMO_MODE=1). */
export async function latestMail(
  baseUrl: string,
  to: string,
  subjectIncludes?: string,
): Promise<{ subject: string; body: string } | undefined> {
  const res = await fetch(`${baseUrl}/api/v1/dev/mailbox?to=${encodeURIComponent(to)}`);
  const json = (await res.json()) as { messages: { subject: string; body: string }[] };
  return json.messages.find((m) => !subjectIncludes || m.subject.includes(subjectIncludes));
}

export async function passwordLogin(page: Page, loginId: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

/** Signs a demo staff member in at /staff/login (every demo staff account has the same password). */
export async function staffLogin(page: Page, email: string) {
  await page.goto('/staff/login');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill('Staff-passw0rd!');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL(/\/staff(\?.*)?$/);
}

/** Answers the security page's 「本人確認」 panel with the password (asked before a passkey change). */
export async function confirmWithPassword(page: Page, password: string) {
  const panel = page.getByTestId('step-up');
  await panel.getByRole('heading', { name: '本人確認' }).waitFor();
  await panel.getByLabel('パスワード', { exact: true }).fill(password);
  await panel.getByRole('button', { name: 'パスワードで確認する' }).click();
}
