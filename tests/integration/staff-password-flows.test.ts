import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, recoveryFlows } from '../../db/schema';
import { resumeFlow } from '../../lib/recovery';
import { getCustomerView } from '../../lib/staff/customers';
import { unlockCustomerRecovery } from '../../lib/staff/forced-reset';
import { formatDateTime } from '../../lib/i18n/format';
import { staffCustomerMessages } from '../../lib/i18n/messages/staff-customer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createPinCustomer, passwordFlowAt } from '../support/password-flow';
import { auditCount, flowAt, flowRow } from '../support/recovery-helpers';
import { seedStaffCast, type StaffCast } from '../support/staff-fixtures';

/**
 * The staff console and the forgotten-password kind (docs/design.md#forgotten-password): the customer page
 * lists flows of both kinds with their kind, and a waiting flow with the time it may resume; a staff unlock
 * cancels a waiting flow, through the console's own operation.
 */

let t: TestDatabase;
let cast: StaffCast;

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterAll(async () => {
  await t?.drop();
});

async function view(customerId: string) {
  const res = await getCustomerView(t.db, cast.viewer, { customerId }, { locale: 'ja' });
  if (!res.ok) throw new Error(`refused: ${res.code}`);
  return res.data;
}

describe('customer page: flows of both kinds', () => {
  it('lists a waiting password reset with its kind and resume time, beside a passkey removal', async () => {
    const c = await createPinCustomer(t.db);
    const passkey = await flowAt(t.db, c, 'secret_question');
    const waiting = await passwordFlowAt(t.db, c, 'waiting');
    const v = await view(c.id);
    expect(v.flows.map((f) => [f.id, f.kind, f.step])).toEqual([
      [waiting.flowId, 'password', 'waiting'],
      [passkey.flowId, 'passkey', 'secret_question'],
    ]);
    const w = v.flows[0];
    expect(w.waiting).toBe(true);
    expect(w.lapsed).toBe(false);
    expect(w.resumeAt?.toISOString()).toBe(waiting.resumeAt!.toISOString());
    expect(w.resumedAt).toBeNull();
    expect(w.pinVerified).toBe(true);
    expect(w.referenceNumber).toBe(waiting.referenceNumber);
    expect(v.flows[1]).toMatchObject({ kind: 'passkey', waiting: false, resumeAt: null, pinVerified: false });
    // What the page prints: the resume time in Japan time, with the words for a waiting flow.
    const m = staffCustomerMessages.ja.customer;
    const jst = new Date(waiting.resumeAt!.getTime() + 9 * 3600_000);
    const shown = m.waitingUntil(formatDateTime(w.resumeAt!, 'ja'));
    expect(shown).toContain(`${jst.getUTCHours()}`.padStart(2, '0') + ':');
    expect(shown).toMatch(/^待機中（.+から再開できます）$/);
    expect(m.kinds[w.kind]).toBe('パスワードの再設定');
    expect(staffCustomerMessages.ja.steps.waiting).toBe('待機期間');
  });

  it('a flow back after its wait shows when it resumed; one past its window is lapsed, not waiting', async () => {
    const c = await createPinCustomer(t.db);
    const resumed = await passwordFlowAt(t.db, c, 'resumed_otp');
    let v = await view(c.id);
    expect(v.flows[0]).toMatchObject({ id: resumed.flowId, kind: 'password', step: 'otp', waiting: false });
    expect(v.flows[0].resumedAt).toBeInstanceOf(Date);

    const d = await createPinCustomer(t.db);
    const old = await passwordFlowAt(t.db, d, 'waiting');
    const row = await flowRow(t.db, old.token);
    await t.db
      .update(recoveryFlows)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(recoveryFlows.id, row.id));
    v = await view(d.id);
    expect(v.flows[0]).toMatchObject({ step: 'waiting', waiting: false, lapsed: true });
  });
});

describe('staff unlock and a waiting flow', () => {
  it('an operator’s unlock in the console cancels the waiting password reset; it can no longer resume', async () => {
    const c = await createPinCustomer(t.db);
    const f = await passwordFlowAt(t.db, c, 'waiting');
    await t.db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
      .where(eq(customers.id, c.id));
    const res = await unlockCustomerRecovery(
      t.db,
      cast.operator,
      { customerId: c.id, reason: 'お電話で本人確認のうえ停止を解除' },
      { ip: '192.0.2.10' },
    );
    expect(res).toMatchObject({ ok: true });
    expect((await flowRow(t.db, f.token)).step).toBe('cancelled');
    expect(await auditCount(t.db, 'recovery.waiting_cancelled', { customerId: c.id })).toBe(1);
    const v = await view(c.id);
    expect(v.flows[0]).toMatchObject({ id: f.flowId, kind: 'password', step: 'cancelled', waiting: false });
    const r = await resumeFlow(t.db, { loginId: c.loginId, referenceNumber: f.referenceNumber! }, f.later!);
    expect(r).toMatchObject({ ok: false, error: { code: 'verification_failed' } });
  });

  it('a viewer may not unlock: nothing is cancelled', async () => {
    const c = await createPinCustomer(t.db);
    const f = await passwordFlowAt(t.db, c, 'waiting');
    await t.db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() + 3600_000) })
      .where(eq(customers.id, c.id));
    const res = await unlockCustomerRecovery(t.db, cast.viewer, { customerId: c.id, reason: '解除を試みる' }, {});
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await flowRow(t.db, f.token)).step).toBe('waiting');
  });
});
