import { describe, expect, it } from 'vitest';
import { newContext, passwordLogin, serveApp } from './support';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.loginThrottle);

const WAIT_MESSAGE = /パスワードの誤りが続いたため、ログインを一時的に停止しています。\d+秒ほど待ってから/;

/**
 * Wrong passwords through the JSON API until the next attempt must wait at least 8 s, so the browser
 * step that follows is surely inside the backoff however slow this machine is (the first waits are 1, 2, 4 s).
 */
async function throttle(loginId: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${app.url}/api/v1/session/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId, password: `guess-${i}` }),
    });
    await res.arrayBuffer();
    if (res.status === 401) continue;
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    if (wait >= 8) return;
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
  throw new Error('never reached an 8-second wait');
}

describe('RT-36 the login form under the per-ID throttle, in a real browser', () => {
  it('JavaScript on: during the backoff the right password gets the polite wait message, and no session', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    for (let i = 0; i < 5; i++) {
      await passwordLogin(page, 'demo-normal', `wrong-${i}`);
      await page.getByText('ログインIDまたはパスワードが正しくありません。').waitFor();
    }
    await throttle('demo-normal');
    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.getByText(WAIT_MESSAGE).waitFor();
    expect(page.url()).toContain('/login');
    expect(await page.getByLabel('ログインID').inputValue()).toBe('demo-normal');
    await ctx.close();
  });

  it('JavaScript off: the same message from the plain form post, for an unknown ID just the same', async () => {
    const ctx = await app.browser.newContext({ baseURL: app.url, locale: 'ja-JP', javaScriptEnabled: false });
    const page = await ctx.newPage();
    await throttle('nobody-at-all');
    await passwordLogin(page, 'nobody-at-all', 'anything');
    await page.getByText(WAIT_MESSAGE).waitFor();
    await ctx.close();
  });

  it('English: the wait message translated', async () => {
    const ctx = await newContext(app, { locale: 'en-US' });
    await ctx.addCookies([{ name: 'lang', value: 'en', url: app.url }]);
    const page = await ctx.newPage();
    await throttle('someone-else');
    await page.goto('/login');
    await page.getByLabel('Login ID').fill('someone-else');
    await page.getByLabel('Password', { exact: true }).fill('anything');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByText(/logging in is paused for a while\. Please wait about \d+ seconds and try again\./).waitFor();
    await ctx.close();
  });
});
