import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  confirmWithPassword,
  credentialsOf,
  newContext,
  passwordLogin,
  serveApp,
} from './support';
import { startServer, type RunningServer } from './server';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.loginPasskey.exclusive);

describe('customer login and the exclusive passkey policy', () => {
  it('password login → passkey after the confirmation → password refused with the exact message → passkey login works', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);

    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    await expect(page.getByTestId('no-passkeys').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('password-state').textContent()).resolves.toBe('利用できます');

    // The first passkey asks for a plain-language confirmation before anything happens.
    await page.getByRole('button', { name: 'パスキーを作成する' }).click();
    await page.getByRole('heading', { name: 'パスキーを作成する前にご確認ください' }).waitFor();
    const go = page.getByRole('button', { name: '理解して作成する' });
    expect(await go.isDisabled()).toBe(true);
    expect(await credentialsOf(cdp, authenticatorId)).toHaveLength(0);
    await page.getByLabel('上記を理解しました').check();
    await go.click();
    // Changing how one logs in needs a fresh re-authentication in this session (RT-35).
    await confirmWithPassword(page, 'Passw0rd!demo');
    await page.getByText('パスキーを作成しました。').waitFor();
    await page.getByTestId('passkey-list').waitFor();
    expect(await credentialsOf(cdp, authenticatorId)).toHaveLength(1);
    expect(await page.getByTestId('password-state').textContent()).toBe(
      '利用できません（パスキーでログインしてください）',
    );
    expect(await page.getByTestId('passkey-list').textContent()).toContain('Chromium 仮想認証器');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL('**/login');

    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    const refusal = page.getByTestId('passkey-required');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('パスキーが作成されているためログインできません');
    // Issue #15: reassurance where fear is highest — not a fault, assets safe, fixable alone in about five minutes.
    const reassure = await refusal.getByTestId('passkey-required-reassure').textContent();
    expect(reassure).toContain('故障やお客さまの操作ミスではありません');
    expect(reassure).toContain('お預かり資産、ご注文、保有銘柄はそのままです');
    expect(reassure).toContain('5分ほどで、ご自身で');
    expect(await refusal.getByRole('link', { name: 'パスキーを解除する' }).getAttribute('href')).toBe('/recovery');
    expect(await refusal.getByRole('link', { name: 'ログインでお困りの方' }).getAttribute('href')).toBe(
      '/help/login-trouble',
    );
    expect(page.url()).toContain('/login');

    await page.getByRole('button', { name: 'パスキーでログイン' }).click();
    await page.waitForURL('**/account/security');
    expect(await page.getByTestId('passkey-list').textContent()).toContain('パスキー 1');
    await ctx.close();
  });

  it('the refusal reassures in English too and links the passkey removal', async () => {
    const ctx = await newContext(app, { mobile: true, locale: 'en-GB' });
    await ctx.addCookies([{ name: 'lang', value: 'en', url: app.url }]);
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByLabel('Login ID').fill('demo-locked');
    await page.getByLabel('Password', { exact: true }).fill('Passw0rd!demo');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const refusal = page.getByTestId('passkey-required');
    await refusal.waitFor();
    const reassure = await refusal.getByTestId('passkey-required-reassure').textContent();
    expect(reassure).toContain('This is not a fault');
    expect(reassure).toContain('Your assets, orders and holdings are safe');
    expect(reassure).toContain('in about five minutes');
    expect(reassure).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(await refusal.getByRole('link', { name: 'Remove my passkeys' }).getAttribute('href')).toBe('/recovery');
    await ctx.close();
  });

  it('a wrong password is refused without revealing whether the ID exists', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await passwordLogin(page, 'demo-normal', 'wrong-password');
    await page.getByText('ログインIDまたはパスワードが正しくありません。').waitFor();
    await passwordLogin(page, 'nobody-here', 'wrong-password');
    await page.getByText('ログインIDまたはパスワードが正しくありません。').waitFor();
    await ctx.close();
  });
});

describe('PASSKEY_POLICY=fallback', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: E2E_PORTS.loginPasskey.fallback, env: { PASSKEY_POLICY: 'fallback' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps password login working for an account with passkeys', async () => {
    const ctx = await app.browser.newContext({ baseURL: server.url, locale: 'ja-JP' });
    const page = await ctx.newPage();
    await passwordLogin(page, 'demo-locked', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    expect(await page.getByTestId('passkey-list').textContent()).toContain('iCloud キーチェーン');
    await ctx.close();
  });
});
