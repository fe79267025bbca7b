import { describe, expect, it } from 'vitest';
import { newContext, serveApp } from './support';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.help);

describe('help center in the browser', () => {
  it('from /login: 「ログインでお困りの方」 → troubleshooter → the passkey message → the article → 「パスキーを解除する」 lands on /recovery', async () => {
    const ctx = await newContext(app, { mobile: true });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'ログインでお困りの方' }).last().click();
    await page.waitForURL('**/help/login-trouble');
    await page
      .getByRole('link', { name: /パスキーが作成されているためログインできません/ })
      .first()
      .click();
    await page.waitForURL(/symptom=/);
    const articleLink = page.getByRole('link', { name: /パスキーが作成されているためログインできません/ }).last();
    await articleLink.click();
    await page.waitForURL('**/help/passkey-cannot-login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'パスキーが作成されているためログインできません',
    );
    await page.getByRole('link', { name: 'パスキーを解除する' }).first().click();
    await page.waitForURL('**/recovery');
    await page.getByRole('button', { name: '本人確認をはじめる' }).waitFor();
    await ctx.close();
  });

  it('finds the article for 「ﾊﾟｽｷｰ 消したい」 from the search box, with the match highlighted', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await page.goto('/help');
    await page.getByLabel('キーワードで検索').fill('ﾊﾟｽｷｰ 消したい');
    await page.getByLabel('キーワードで検索').press('Enter');
    await page.waitForURL(/\/help\/search\?/);
    const first = page.locator('main ol li, main [data-testid="search-result"]').first();
    await first.waitFor();
    expect(await page.locator('main mark').count()).toBeGreaterThan(0);
    await ctx.close();
  });

  it('renders articles readable without JavaScript, with hreflang and JSON-LD, and never renders a query as HTML', async () => {
    const ctx = await app.browser.newContext({ baseURL: app.url, javaScriptEnabled: false, locale: 'ja-JP' });
    const page = await ctx.newPage();
    await page.goto('/help/passkey-cannot-login');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('パスキー');
    expect(await page.locator('link[rel="alternate"][hreflang="en"]').count()).toBe(1);
    expect(await page.locator('link[rel="canonical"]').count()).toBe(1);
    const ld = await page.locator('script[type="application/ld+json"]').first().textContent();
    expect(JSON.parse(ld!)['@type']).toBeTruthy();
    await page.goto(`/help/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>パスキー')}`);
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.textContent('main')).toContain('<img src=x onerror=alert(1)>');
    await ctx.close();
  });

  it('answers a clear 400 for an address whose percent-encoding is not UTF-8, and a 404 page for an unknown article', async () => {
    for (const path of ['/help/%ff', '/help/en/%E3%81', '/staff/customers/%ff', '/help/passkey-what-is%C0']) {
      const res = await fetch(app.url + path);
      expect(res.status).toBe(400);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('このアドレスは正しくありません');
    }
    for (const path of ['/help/%00', '/help/no-such-article', `/help/${'a'.repeat(3000)}`]) {
      expect((await fetch(app.url + path)).status).toBe(404);
    }
  });
});
