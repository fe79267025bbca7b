import { describe, expect, it } from 'vitest';
import { newContext, serveApp, staffLogin } from './support';
import { E2E_PORTS } from './ports';

// The scheduled chain check runs every 2 s here, so the test sees a run that covers what it just did.
const app = serveApp(E2E_PORTS.audit, { AUDIT_CHECKPOINT_SECONDS: '2' });

describe('RT-42 in the browser: another spelling of a customer id in a staff URL', () => {
  it('RT-42: a viewer opens /staff/customers/<ID IN UPPER CASE>; /staff/audit then shows the chain 正常', async () => {
    const v = await newContext(app);
    const pv = await v.newPage();
    await staffLogin(pv, 'viewer@example.jp');
    await pv.goto('/staff/customers');
    await pv.getByLabel('ログインID').fill('demo-locked');
    await pv.getByRole('button', { name: '検索', exact: true }).click();
    await pv.getByTestId('customer-results').getByRole('link').first().click();
    await pv.waitForURL(/\/staff\/customers\/[0-9a-f-]{36}$/);
    const id = new URL(pv.url()).pathname.split('/').pop()!;

    for (const spelling of [id.toUpperCase(), `%7B${id.toUpperCase()}%7D`, id.replace(/-/g, '')]) {
      await pv.goto(`/staff/customers/${spelling}`);
      await pv.waitForURL(`**/staff/customers/${id}`);
      expect(await pv.getByTestId('customer-profile').textContent()).toContain('demo-locked');
    }
    const bad = await pv.goto('/staff/customers/not-a-customer-id');
    expect(bad?.status()).toBe(404);
    await v.close();

    const a = await newContext(app);
    const pa = await a.newPage();
    await staffLogin(pa, 'admin@example.jp');
    await pa.goto('/staff/audit?action=staff.customer.viewed');
    const newest = Number(await pa.getByTestId('audit-log').locator('tbody tr td').first().textContent());
    expect(newest).toBeGreaterThan(0);
    // Wait for a scheduled check that reached the viewer's last event (the page itself never verifies).
    let covered = 0;
    for (let i = 0; i < 60 && covered < newest; i++) {
      await pa.goto('/staff/audit');
      const status = pa.getByTestId('chain-status');
      await status.waitFor();
      covered = Number((await status.getAttribute('data-to-event')) ?? 0);
      if (covered < newest) await pa.waitForTimeout(500);
    }
    expect(covered).toBeGreaterThanOrEqual(newest);
    expect(await pa.getByTestId('chain-status').textContent()).toMatch(/^正常です/);
    await a.close();
  });
});
