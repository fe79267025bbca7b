import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, passwordLogin, serveApp } from './support';

const app = serveApp(3235);

async function staffLogin(page: Page, email: string) {
  await page.goto('/staff/login');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill('Staff-passw0rd!');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL(/\/staff(\?.*)?$/);
}

async function findDemoLockedByAccount(page: Page) {
  await page.goto('/staff/customers');
  await page.getByLabel('部店コード').fill('101');
  await page.getByLabel('口座番号').fill('1234567');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.getByTestId('customer-results').getByRole('link').first().click();
  await page.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}/);
}

describe('staff console in the browser', () => {
  it('operator requests the phone-verified forced reset, a second operator approves, the customer logs in with the password, the audit shows it', async () => {
    // Before: demo-locked is refused at password login.
    const refused = await fetch(`${app.url}/api/v1/session/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'demo-locked', password: 'Passw0rd!demo' }) });
    expect(refused.status).toBe(403);

    const first = await newContext(app);
    const p1 = await first.newPage();
    await staffLogin(p1, 'operator@example.jp');
    await findDemoLockedByAccount(p1);
    expect(await p1.getByTestId('account-masked').textContent()).toBe('***4567');
    expect(await p1.textContent('main')).not.toContain('1985');
    for (const item of ['氏名', '生年月日', '登録住所', '登録電話番号からの着信']) await p1.getByLabel(item, { exact: true }).check();
    await p1.getByLabel('案件番号').fill('C-2026-00123');
    await p1.getByLabel('理由').fill('機種変更で旧端末を下取りに出し、パスキーが使えないため');
    await p1.getByRole('button', { name: '強制リセットを申請する' }).click();
    await p1.getByTestId('pending-request').waitFor();
    // The requester cannot approve their own request.
    expect(await p1.getByRole('button', { name: '承認して強制リセットを実行する' }).count()).toBe(0);
    await first.close();

    const second = await newContext(app);
    const p2 = await second.newPage();
    await staffLogin(p2, 'operator2@example.jp');
    await findDemoLockedByAccount(p2);
    await p2.getByRole('button', { name: '承認して強制リセットを実行する' }).click();
    await p2.getByTestId('password-login-state').filter({ hasText: '有効' }).waitFor();
    await second.close();

    const customer = await newContext(app);
    const pc = await customer.newPage();
    await passwordLogin(pc, 'demo-locked', 'Passw0rd!demo');
    await pc.waitForURL('**/account/security');
    await pc.getByTestId('no-passkeys').waitFor();
    await customer.close();

    const admin = await newContext(app);
    const pa = await admin.newPage();
    await staffLogin(pa, 'admin@example.jp');
    await pa.goto('/staff/audit');
    const log = pa.getByTestId('audit-log');
    await log.waitFor();
    const text = await log.textContent();
    expect(text).toContain('staff.forced_reset.executed');
    expect(text).toContain('鈴木 一郎');
    // The chain check runs as a scheduled job (the page only shows its last result): wait for its first run.
    let chain = '';
    for (let i = 0; i < 40 && !/^正常です/.test(chain); i++) {
      if (i > 0) { await pa.waitForTimeout(500); await pa.reload(); }
      await pa.getByTestId('chain-status').waitFor();
      chain = (await pa.getByTestId('chain-status').textContent()) ?? '';
    }
    expect(chain).toMatch(/^正常です/);
    await admin.close();
  });

  it('a customer session never opens a staff page, and a viewer cannot request a reset', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await passwordLogin(page, 'demo-normal', 'Passw0rd!demo');
    await page.waitForURL('**/account/security');
    await page.goto('/staff/customers');
    await page.waitForURL('**/staff/login**');
    await ctx.close();

    const v = await newContext(app);
    const pv = await v.newPage();
    await staffLogin(pv, 'viewer@example.jp');
    await pv.goto('/staff/customers');
    await pv.getByLabel('ログインID').fill('demo-normal');
    await pv.getByRole('button', { name: '検索', exact: true }).click();
    await pv.getByTestId('customer-results').getByRole('link').first().click();
    await pv.getByTestId('forced-reset').waitFor();
    expect(await pv.getByRole('button', { name: '強制リセットを申請する' }).count()).toBe(0);
    await v.close();
  });

  it('previews every recovery state without writing, and a submit inside a preview sends no server action', async () => {
    const ctx = await newContext(app);
    const page = await ctx.newPage();
    await staffLogin(page, 'viewer@example.jp');
    await page.goto('/staff/preview');
    const links = await page.getByTestId('preview-map').getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    expect(links.length).toBeGreaterThanOrEqual(10);
    let actionPosts = 0;
    let submitted = 0;
    page.on('request', (r) => { if (r.method() === 'POST' && r.headers()['next-action']) actionPosts++; });
    for (const href of links) {
      await page.goto(href);
      expect(await page.textContent('body')).toContain('プレビュー');
      const buttons = page.locator('[data-mode="preview"] form button[type="submit"]');
      if (await buttons.count()) {
        await buttons.first().click();
        submitted++;
      }
    }
    expect(submitted).toBeGreaterThanOrEqual(5);
    expect(actionPosts).toBe(0);
    await ctx.close();
  });
});
