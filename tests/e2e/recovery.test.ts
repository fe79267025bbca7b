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

const app = serveApp(E2E_PORTS.recovery);

async function next(page: Page, name = '次へ') {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Creates a second customer's situation from demo-normal: a passkey made in the browser. */
async function createPasskeyAsDemoNormal(page: Page) {
  await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
  await page.waitForURL('**/account/security');
  await page.getByRole('button', { name: 'パスキーを作成する' }).click();
  await page.getByLabel('上記を理解しました').check();
  await page.getByRole('button', { name: '理解して作成する' }).click();
  await confirmWithPassword(page, 'Passw0rd!demo');
  await page.getByTestId('passkey-list').waitFor();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await page.waitForURL('**/login');
}

describe('recovery portal in the browser', () => {
  it('a customer locked out by a passkey gets back in alone: help → every step → password login works', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    await createPasskeyAsDemoNormal(page);
    const [credential] = await credentialsOf(cdp, authenticatorId);
    expect(credential).toBeTruthy();

    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.getByTestId('passkey-required').waitFor();
    await page.getByTestId('passkey-required').getByRole('link', { name: 'ログインでお困りの方' }).click();
    await page.waitForURL('**/help/login-trouble**');
    await page
      .getByRole('link', { name: /パスキーが作成されているためログインできません/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'パスキーを解除する' }).first().click();
    await page.waitForURL('**/recovery');

    // Every response of the portal is uncacheable and sends no Referer to another site.
    const res = await page.request.get(`${app.url}/recovery`);
    expect(res.headers()['cache-control']).toContain('no-store');
    expect(res.headers()['referrer-policy']).toBe('same-origin');
    // The JSON API skips the proxy; next.config.ts gives it static headers of the same strength.
    for (const path of [
      '/api/v1/recovery/flow',
      `/api/v1/help/search?q=${encodeURIComponent('パスキー')}`,
      '/api/health',
    ]) {
      const api = await page.request.get(`${app.url}${path}`);
      expect(api.headers()).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
      expect(api.headers()['strict-transport-security']).toMatch(/max-age=/);
    }

    await next(page, '本人確認をはじめる');
    await page.getByLabel('ログインID', { exact: true }).fill('demo-normal');
    await page.getByLabel('パスワード', { exact: true }).fill('Passw0rd!demo');
    await next(page);

    await page.getByTestId('secret-question').waitFor();
    expect(await page.getByTestId('secret-question').textContent()).toBe('初めて飼ったペットの名前は？');
    // A wrong answer first: the error sits next to the field and is announced; the flow stays put.
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('タマ');
    await next(page);
    await page.getByTestId('recovery-error').waitFor();
    await page.getByLabel('秘密の質問の答え', { exact: true }).fill('ﾎﾟﾁ');
    await next(page);

    await page.getByLabel('生年月日', { exact: true }).fill('19900131');
    await page.getByLabel('部店コード', { exact: true }).fill('101');
    await page.getByLabel('口座番号', { exact: true }).fill('7654321');
    await next(page);

    await page.getByLabel('確認コード', { exact: true }).waitFor();
    expect(await page.textContent('body')).toContain('n***@example.jp');
    const mail = await latestMail(app.url, 'normal@example.jp', '確認コード');
    const code = /確認コード：(\d{6})/.exec(mail!.body)![1];
    expect(mail!.body).not.toMatch(/https?:\/\//);
    await page.getByLabel('確認コード', { exact: true }).fill(code);
    await next(page);

    await page.getByTestId('review-passkeys').waitFor();
    expect(await page.getByTestId('review-passkeys').textContent()).toContain('パスキー 1');
    await page.getByLabel('上記のパスキーを削除し、ID・パスワードでのログインを有効にすることに同意します').check();
    await next(page, 'パスキーを削除する');

    const ref = page.getByTestId('reference-number');
    await ref.waitFor();
    expect(await ref.textContent()).toMatch(/^R-\d{8}-[A-Z0-9]{6}$/);
    // RT-16: the done page tells the device (WebAuthn Signal API, where the browser has it) that no
    // credential is accepted any more. Best effort: whatever the device does, the server's refusal holds.
    const signal = page.getByTestId('passkey-signal');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="passkey-signal"]')?.getAttribute('data-state') !== 'idle',
    );
    const signalState = await signal.getAttribute('data-state');
    expect(['sent', 'unsupported', 'failed']).toContain(signalState);
    await page.getByRole('link', { name: 'ログイン画面へ' }).click();
    await page.waitForURL('**/login');

    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    await page.getByTestId('no-passkeys').waitFor();
    expect(await page.getByTestId('password-state').textContent()).toBe('利用できます');

    // The revoked credential is refused by the server, whatever the device still offers: put it back
    // on the authenticator if the signal removed it, and try to sign in with it.
    if ((await credentialsOf(cdp, authenticatorId)).length === 0) {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    }
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'パスキーでログイン' }).click();
    await page
      .locator('#passkey-error')
      .filter({ hasText: /できませんでした/ })
      .waitFor();
    expect(page.url()).toContain('/login');
    await ctx.close();
  });

  it('the seeded demo-locked recovers through the JSON API alone', async () => {
    const post = async (path: string, body: unknown, token?: string) => {
      const r = await fetch(app.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
    expect((await post('/api/v1/session/password', { loginId: 'demo-locked', password: 'Passw0rd!demo' })).status).toBe(
      403,
    );
    const start = await post('/api/v1/recovery/flows', {});
    expect(start.status).toBe(201);
    const token = start.body.flowToken as string;
    expect(start.body.step).toBe('credentials');
    expect(
      (await post('/api/v1/recovery/flow/credentials', { loginId: 'demo-locked', password: 'Passw0rd!demo' }, token))
        .status,
    ).toBe(200);
    expect((await post('/api/v1/recovery/flow/secret-question', { answer: 'ぽち' }, token)).status).toBe(200);
    expect(
      (
        await post(
          '/api/v1/recovery/flow/account-data',
          { birthDate: '1985-04-12', branchCode: '101', accountNumber: '1234567' },
          token,
        )
      ).status,
    ).toBe(200);
    const mail = await latestMail(app.url, 'locked@example.jp', '確認コード');
    const code = /確認コード：(\d{6})/.exec(mail!.body)![1];
    expect((await post('/api/v1/recovery/flow/otp', { code }, token)).status).toBe(200);
    const done = await post('/api/v1/recovery/flow/complete', { confirm: true }, token);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ revokedPasskeys: 2, passwordLoginEnabled: true });
    const again = await post('/api/v1/recovery/flow/complete', { confirm: true }, token);
    expect(again.body.referenceNumber).toBe(done.body.referenceNumber);
    expect((await post('/api/v1/session/password', { loginId: 'demo-locked', password: 'Passw0rd!demo' })).status).toBe(
      200,
    );
    const notice = await latestMail(app.url, 'locked@example.jp', 'パスキーを解除しました');
    expect(notice!.body).toContain(done.body.referenceNumber);
    expect(notice!.body).toMatch(/ロックコード：[A-Z2-9]{8}/);
    expect(notice!.body).not.toMatch(/https?:\/\//);
  });
});
