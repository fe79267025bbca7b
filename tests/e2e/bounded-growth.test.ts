import { describe, expect, it } from 'vitest';
import { newContext, serveApp, staffLogin } from './support';
import { E2E_PORTS } from './ports';

const app = serveApp(E2E_PORTS.boundedGrowth);

const ATTACK = '至急 お客さま窓口 03-5555-0199 へ電話';

describe('bounded growth in the browser', () => {
  it('BG-6 the search page shows the query only in the box and one quoted line; the dashboard shows it masked', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await page.goto('/help');
    await page.getByLabel('キーワードで検索').fill(ATTACK);
    await page.getByLabel('キーワードで検索').press('Enter');
    await page.waitForURL(/\/help\/search\?/);
    expect(await page.title()).not.toContain('至急');
    for (const h of await page.getByRole('heading').allTextContents()) expect(h).not.toContain('至急');
    expect(await page.getByLabel('キーワードで検索').inputValue()).toBe(ATTACK);
    expect(await page.locator('main q').textContent()).toBe(ATTACK);

    const staff = await newContext(app);
    const sp = await staff.newPage();
    await staffLogin(sp, 'admin@example.jp');
    // The log is written within a second or so.
    await expect
      .poll(
        async () => {
          await sp.reload();
          return sp
            .locator('[data-testid="zero-results"]')
            .textContent()
            .catch(() => '');
        },
        { timeout: 15_000 },
      )
      .toContain('至急');
    const text = await sp.locator('[data-testid="zero-results"]').textContent();
    expect(text).not.toContain('5555');
    expect(text).toContain('##-####-####');
    await ctx.close();
    await staff.close();
  });

  it("BG-3 /staff/jobs shows the retention job's last run to an admin", async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await staffLogin(page, 'admin@example.jp');
    await page.getByRole('link', { name: '定期処理' }).click();
    await page.waitForURL('**/staff/jobs');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page
            .locator('[data-testid="job-runs"]')
            .textContent()
            .catch(() => '');
        },
        { timeout: 30_000, interval: 2000 },
      )
      .toContain('保存期間を過ぎたデータの削除');
    expect(await page.locator('[data-testid="job-runs"]').textContent()).toContain('成功');
    await ctx.close();
  });

  it("BG-8 next-auth's own pages send the browser to ours; /api/prefs takes a non-ASCII path back", async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    for (const path of [
      '/api/auth/signout',
      '/api/auth/error?error=Configuration',
      '/api/auth/verify-request',
      '/api/auth/signin',
    ]) {
      await page.goto(path);
      await page.waitForURL('**/login');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).not.toMatch(/sign out|error/i);
    }
    const res = await fetch(`${app.url}/api/prefs`, {
      method: 'POST',
      body: new URLSearchParams({ lang: 'ja', back: '/日本' }),
      redirect: 'manual',
      headers: { origin: app.url },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/%E6%97%A5%E6%9C%AC');
    const session = await fetch(`${app.url}/api/auth/session`);
    expect(session.headers.get('cache-control')).toBe('no-store');
    await ctx.close();
  });
});
