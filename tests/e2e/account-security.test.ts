import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  addVirtualAuthenticator,
  confirmWithPassword,
  credentialsOf,
  latestMail,
  newContext,
  passwordLogin,
  serveApp,
} from './support';
import { E2E_PORTS } from './ports';

// A short step-up lifetime, so the page can be seen asking again once it is over.
const STEP_UP_SECONDS = 3;
const app = serveApp(E2E_PORTS.accountSecurity, { STEP_UP_SECONDS: String(STEP_UP_SECONDS) });

async function startFirstPasskey(page: Page) {
  await page.getByRole('button', { name: 'パスキーを作成する' }).click();
  await page.getByLabel('上記を理解しました').check();
  await page.getByRole('button', { name: '理解して作成する' }).click();
}

/** Waits until the step-up recorded at `since` is older than the limit (a bounded wait, never a poll on the app). */
async function waitPastStepUp(since: number) {
  const left = since + STEP_UP_SECONDS * 1000 + 500 - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
}

describe('RT-35 /account/security in Chromium: step-up and user verification', () => {
  it('an authenticator without user verification cannot create a passkey (nothing stored, password login still on)', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: false,
        isUserVerified: false,
        automaticPresenceSimulation: true,
      },
    });
    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    await startFirstPasskey(page);
    await confirmWithPassword(page, 'Passw0rd!demo');
    await page.getByText(/パスキーの作成が取り消されました|パスキーを確認できませんでした/).waitFor();
    expect(await credentialsOf(cdp, authenticatorId)).toHaveLength(0);
    await page.reload();
    await page.getByTestId('no-passkeys').waitFor();
    expect(await page.getByTestId('password-state').textContent()).toBe('利用できます');
    await ctx.close();
  });

  it('the first passkey needs the warning and a step-up; once the step-up is older than the limit, the next change asks again and a passkey step-up lets it through', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');

    await startFirstPasskey(page);
    await page.getByTestId('step-up').getByText('本人確認をお願いします').waitFor();
    await confirmWithPassword(page, 'wrong-password');
    await page.getByText('パスワードが正しくありません。').waitFor();
    expect(await credentialsOf(cdp, authenticatorId)).toHaveLength(0);
    await page.getByTestId('step-up').getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
    await page.getByRole('button', { name: 'パスワードで確認する' }).click();
    const steppedUpAt = Date.now();
    await page.getByText('パスキーを作成しました。').waitFor();
    await page.getByTestId('passkey-list').waitFor();
    expect(await credentialsOf(cdp, authenticatorId)).toHaveLength(1);
    const added = await latestMail(app.url, 'normal@example.jp', 'パスキーが追加されました');
    expect(added?.body).toMatch(/ロックコード：[A-Z0-9]{8}/);
    expect(added?.body).not.toMatch(/https?:/);

    // Past the limit: removing the passkey is refused by the server and the page asks again, saying why.
    await waitPastStepUp(steppedUpAt);
    await page.locator('summary', { hasText: '削除' }).click();
    await page.getByRole('button', { name: '削除', exact: true }).click();
    await page.getByTestId('step-up').getByText('本人確認の有効期限が切れました').waitFor();
    expect(await page.getByTestId('passkey-list').isVisible()).toBe(true);
    // The password is no longer a way in (exclusive policy): the passkey, user verified, is.
    expect(await page.getByTestId('step-up').getByLabel('パスワード', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'パスキーで確認する' }).click();
    await page.getByTestId('no-passkeys').waitFor();
    expect(await page.getByTestId('password-state').textContent()).toBe('利用できます');
    const removed = await latestMail(app.url, 'normal@example.jp', 'パスキーが削除されました');
    expect(removed?.body).toMatch(/ロックコード：[A-Z0-9]{8}/);
    await ctx.close();
  });
});

describe('RT-48 sign-out ends the session on the server', () => {
  it('a session cookie copied before sign-out is refused after it, by the pages and by /api/auth/session', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    const copied = await ctx.cookies();
    expect(copied.some((c) => c.name.includes('session-token'))).toBe(true);
    const live = await page.request.get(`${app.url}/api/auth/session`);
    expect(await live.json()).toMatchObject({ kind: 'customer' });

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL('**/login');

    const thief = await newContext(app);
    await thief.addCookies(copied);
    const tp = await thief.newPage();
    await tp.goto('/account/security');
    await tp.waitForURL('**/login');
    const replay = await tp.request.get(`${app.url}/api/auth/session`);
    expect(replay.status()).toBe(200);
    expect(await replay.json()).toBeNull();
    await thief.close();
    await ctx.close();
  });
});
