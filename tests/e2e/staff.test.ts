import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addVirtualAuthenticator, credentialsOf, newContext, passwordLogin, serveApp, staffLogin } from './support';
import { E2E_PORTS } from './ports';
import { axe } from './axe';

const app = serveApp(E2E_PORTS.staff);

async function findDemoLockedByAccount(page: Page) {
  await page.goto('/staff/customers');
  await page.getByLabel('部店コード').fill('101');
  await page.getByLabel('口座番号').fill('1234567');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.getByTestId('customer-results').getByRole('link').first().click();
  await page.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}/);
}

/** Registers a staff passkey on /staff/security in this page's virtual authenticator (with `code` unless demo staff). */
async function enrollStaffPasskey(page: Page, code?: string) {
  await page.goto('/staff/security');
  await page.getByTestId('no-staff-passkeys').waitFor();
  if (code) await page.getByLabel('登録コード').fill(code);
  await page.getByRole('button', { name: 'パスキーを登録する' }).click();
  await page.getByText('スタッフ用パスキーを登録しました。').waitFor();
  await page.getByTestId('staff-passkeys').waitFor();
}

/** The action was refused for want of a step-up: confirm in the dialog; the action is re-submitted. */
async function confirmStepUp(page: Page) {
  const dialog = page.getByTestId('step-up-dialog');
  await dialog.waitFor();
  expect(await dialog.getByRole('heading').textContent()).toBe('パスキーで本人確認');
  await dialog.getByRole('button', { name: 'パスキーで本人確認' }).click();
  await dialog.waitFor({ state: 'detached' });
}

async function openCustomerByLoginId(page: Page, loginId: string) {
  await page.goto('/staff/customers');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.getByTestId('customer-results').getByRole('link').first().click();
  await page.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}/);
}

async function fileResetRequest(page: Page, caseNumber: string) {
  for (const item of ['氏名', '生年月日', '登録住所', '登録電話番号からの着信'])
    await page.getByLabel(item, { exact: true }).check();
  await page.getByLabel('案件番号').fill(caseNumber);
  await page.getByLabel('理由').fill('機種変更で旧端末を下取りに出し、パスキーが使えないため');
  await page.getByRole('button', { name: '強制リセットを申請する' }).click();
}

describe('staff console in the browser', () => {
  it("staff passkeys and four eyes: an operator enrolls and requests with a step-up, an admin-created operator cannot approve the admin's request, a second operator approves, the customer logs in with the password", async () => {
    // Before: demo-locked is refused at password login.
    const refused = await fetch(`${app.url}/api/v1/session/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId: 'demo-locked', password: 'Passw0rd!demo' }),
    });
    expect(refused.status).toBe(403);

    // 1. operator@ registers a staff passkey (demo staff: no code) and files the request with a step-up.
    const first = await newContext(app);
    const p1 = await first.newPage();
    const va1 = await addVirtualAuthenticator(p1);
    await staffLogin(p1, 'operator@example.jp');
    await enrollStaffPasskey(p1);
    expect(await credentialsOf(va1.cdp, va1.authenticatorId)).toHaveLength(1);
    await findDemoLockedByAccount(p1);
    expect(await p1.getByTestId('account-masked').textContent()).toBe('***4567');
    expect(await p1.textContent('main')).not.toContain('1985');
    await fileResetRequest(p1, 'C-2026-00123');
    await confirmStepUp(p1);
    await p1.getByTestId('pending-request').waitFor();
    // The requester cannot approve their own request.
    expect(await p1.getByRole('button', { name: '承認して強制リセットを実行する' }).count()).toBe(0);
    await first.close();

    // 2. admin@ files a request for demo-normal, creates an operator and issues its enrollment code.
    const adminCtx = await newContext(app);
    const pa = await adminCtx.newPage();
    await addVirtualAuthenticator(pa);
    await staffLogin(pa, 'admin@example.jp');
    await enrollStaffPasskey(pa);
    await openCustomerByLoginId(pa, 'demo-normal');
    await fileResetRequest(pa, 'C-2026-00999');
    await confirmStepUp(pa);
    await pa.getByTestId('pending-request').waitFor();
    await pa.goto('/staff/users');
    await pa.locator('#new-name').fill('E2E 新人オペレーター');
    await pa.locator('#new-email').fill('e2e-new-operator@example.jp');
    await pa.locator('#new-role').selectOption('operator');
    await pa.locator('#new-password').fill('Initial-passw0rd-e2e');
    await pa.getByRole('button', { name: '追加する' }).click(); // the step-up from a moment ago still covers this
    await pa.getByText('スタッフを追加しました。').waitFor();
    await pa.reload();
    expect(await pa.getByTestId('staff-users').textContent()).toContain('e2e-new-operator@example.jp');
    await pa
      .getByRole('row')
      .filter({ hasText: 'e2e-new-operator@example.jp' })
      .getByRole('button', { name: /登録コードを発行/ })
      .click();
    const code = (await pa.getByTestId('enrollment-code').locator('strong').textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);

    // 3. The admin-created operator enrolls with the code, but cannot approve the admin's request.
    const puppetCtx = await newContext(app);
    const px = await puppetCtx.newPage();
    await addVirtualAuthenticator(px);
    await px.goto('/staff/login');
    await px.getByLabel('メールアドレス').fill('e2e-new-operator@example.jp');
    await px.getByLabel('パスワード').fill('Initial-passw0rd-e2e');
    await px.getByRole('button', { name: 'ログイン', exact: true }).click();
    await px.waitForURL(/\/staff(\?.*)?$/);
    await enrollStaffPasskey(px, code.toLowerCase());
    await openCustomerByLoginId(px, 'demo-normal');
    await px.getByRole('button', { name: '承認して強制リセットを実行する' }).click();
    await confirmStepUp(px);
    await px
      .getByTestId('pending-request')
      .getByRole('alert')
      .filter({ hasText: '申請者が作成・有効化・権限変更したアカウント' })
      .waitFor();
    await px.reload();
    await px.getByTestId('pending-request').waitFor(); // still pending
    await puppetCtx.close();
    await adminCtx.close();

    // 4. operator2@ first tries without a passkey (a clear "confirm with your passkey" state), then enrolls and approves.
    const second = await newContext(app);
    const p2 = await second.newPage();
    await addVirtualAuthenticator(p2);
    await staffLogin(p2, 'operator2@example.jp');
    await findDemoLockedByAccount(p2);
    await p2.getByRole('button', { name: '承認して強制リセットを実行する' }).click();
    const dialog = p2.getByTestId('step-up-dialog');
    await dialog.getByRole('button', { name: 'パスキーで本人確認' }).click();
    await dialog.getByText('スタッフ用パスキーがまだ登録されていません').waitFor();
    await dialog.getByRole('button', { name: 'やめる' }).click();
    await p2
      .getByTestId('pending-request')
      .getByRole('alert')
      .filter({ hasText: 'パスキーでの本人確認が必要です' })
      .waitFor();
    await enrollStaffPasskey(p2);
    await findDemoLockedByAccount(p2);
    await p2.getByRole('button', { name: '承認して強制リセットを実行する' }).click();
    await confirmStepUp(p2);
    await p2.getByTestId('password-login-state').filter({ hasText: '有効' }).waitFor();
    await second.close();

    const customer = await newContext(app);
    const pc = await customer.newPage();
    await passwordLogin(pc, 'demo-locked', 'Passw0rd!demo');
    await pc.waitForURL('**/account/security');
    await pc.getByTestId('no-passkeys').waitFor();
    await customer.close();

    const auditor = await newContext(app);
    const pv = await auditor.newPage();
    await staffLogin(pv, 'admin@example.jp');
    await pv.goto('/staff/audit');
    const log = pv.getByTestId('audit-log');
    await log.waitFor();
    const text = await log.textContent();
    expect(text).toContain('staff.forced_reset.executed');
    expect(text).toContain('鈴木 一郎');
    // The chain check runs as a scheduled job (the page only shows its last result): wait for its first run.
    let chain = '';
    for (let i = 0; i < 40 && !/^正常です/.test(chain); i++) {
      if (i > 0) {
        await pv.waitForTimeout(500);
        await pv.reload();
      }
      await pv.getByTestId('chain-status').waitFor();
      chain = (await pv.getByTestId('chain-status').textContent()) ?? '';
    }
    expect(chain).toMatch(/^正常です/);
    await auditor.close();
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
    const hrefs = (testId: string) =>
      page
        .getByTestId(testId)
        .getByRole('link')
        .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
    const passkeyLinks = await hrefs('preview-map');
    expect(passkeyLinks.length).toBeGreaterThanOrEqual(10);
    // The password kind's screens and its pages outside the flow (login-ID reminder, resume): axe finds nothing.
    const passwordLinks = [...(await hrefs('preview-map-password')), ...(await hrefs('preview-map-pages'))];
    expect(passwordLinks).toEqual(
      expect.arrayContaining([
        '/staff/preview/credentials_pin',
        '/staff/preview/waiting',
        '/staff/preview/new_password',
        '/staff/preview/login-id',
        '/staff/preview/login-id-answer',
        '/staff/preview/resume',
      ]),
    );
    const links = [...passkeyLinks, ...passwordLinks];
    let actionPosts = 0;
    let submitted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.headers()['next-action']) actionPosts++;
    });
    for (const href of links) {
      await page.goto(href);
      expect(await page.textContent('body')).toContain('プレビュー');
      if (passwordLinks.includes(href)) {
        await page.getByTestId('preview-frame').waitFor();
        expect(await axe(page), href).toEqual([]);
      }
      // Only a button the staff member can see: some screens keep a hidden one (the waiting screen's 「やめる」).
      const buttons = page.locator('[data-mode="preview"] form button[type="submit"]').filter({ visible: true });
      if (await buttons.count()) {
        await buttons.first().click();
        submitted++;
      }
    }
    expect(submitted).toBeGreaterThanOrEqual(5);
    expect(actionPosts).toBe(0);
    // The waiting screen shows its resume time; a step the kinds share counts the password kind's steps.
    await page.goto('/staff/preview/waiting');
    expect(await page.getByTestId('preview-frame').textContent()).toContain('R-20261125-7KQ4M2');
    await page.goto('/staff/preview/secret-question-password');
    expect(await page.getByTestId('recovery-progress').textContent()).toContain('/ 7');
    await page.goto('/staff/preview/new-password-weak');
    await page.getByTestId('weak-password-reasons').first().waitFor();
    await page.goto('/staff');
    await page.getByTestId('pw-funnel-today-started').waitFor();
    await ctx.close();
  });
});
