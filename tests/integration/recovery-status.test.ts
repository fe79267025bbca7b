import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { customers, notificationOutbox, passkeys, recoveryFlows, staffResetRequests } from '../../db/schema';
import type { Db } from '../../db/client';
import { changedTables, snapshot, withTestDatabase } from '../support/db';
import {
  auditCount,
  createCustomer,
  ctxFor,
  flowAt,
  flowRow,
  outboxCount,
  TRACE_TABLES,
} from '../support/recovery-helpers';
import { hashStats } from '../../lib/auth/password';
import { isCustomerSessionValid, passwordLogin } from '../../lib/auth/customer-login';
import {
  completeFlow,
  lookupRecoveryStatus,
  newReferenceNumber,
  prepareLockCode,
  reportNotMe,
  revokePasskeysAndEnablePassword,
  startFlow,
  submitCredentials,
} from '../../lib/recovery';

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

async function recovered() {
  const c = await createCustomer(db);
  const f = await flowAt(db, c, 'review');
  const done = await completeFlow(db, f.token, f.ctx);
  if (!done.ok) throw new Error('complete');
  const [mail] = await db
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_completed')));
  const lockCode = /ロックコード：([A-Z2-9]{8})/.exec(mail.bodyText)![1];
  return { c, f, referenceNumber: done.value.referenceNumber, lockCode };
}

describe('/recovery/status: what was done and when, nothing else', () => {
  it('login ID + reference number show the time and the change, and no other data', async () => {
    const { c, referenceNumber } = await recovered();
    const res = await lookupRecoveryStatus(db, { loginId: c.loginId, referenceNumber }, ctxFor());
    expect(res).toEqual({
      ok: true,
      value: {
        found: true,
        kind: 'recovery',
        completedAt: expect.any(String),
        revokedPasskeys: 2,
        passwordLoginEnabled: true,
      },
    });
    expect(JSON.stringify(res)).not.toMatch(new RegExp(`${c.email}|${c.accountNumber}|試験`));
  });

  it("a reference number with someone else's login ID, or a made-up one, is simply not found", async () => {
    const { referenceNumber } = await recovered();
    const other = await createCustomer(db);
    expect(await lookupRecoveryStatus(db, { loginId: other.loginId, referenceNumber }, ctxFor())).toEqual({
      ok: true,
      value: { found: false },
    });
    expect(
      await lookupRecoveryStatus(db, { loginId: other.loginId, referenceNumber: 'R-20260101-AAAAAA' }, ctxFor()),
    ).toEqual({ ok: true, value: { found: false } });
  });

  it('shows a phone-verified forced reset too', async () => {
    const c = await createCustomer(db);
    const referenceNumber = newReferenceNumber();
    const [req] = await db
      .insert(staffResetRequests)
      .values({
        customerId: c.id,
        requestedBy: c.id,
        checklist: {},
        reason: 'test',
        caseNumber: 'C-1',
        status: 'executed',
        executedAt: new Date(),
        referenceNumber,
      })
      .returning({ id: staffResetRequests.id });
    const { lockCode, lockCodeHash } = await prepareLockCode();
    await db.transaction(async (tx) =>
      revokePasskeysAndEnablePassword(tx, {
        customerId: c.id,
        revokedBy: `staff-reset:${req.id}`,
        reason: 'staff_forced_reset',
        referenceNumber,
        actor: { type: 'staff', id: 'op' },
        lockCode,
        lockCodeHash,
        now: new Date(),
      }),
    );
    expect(await lookupRecoveryStatus(db, { loginId: c.loginId, referenceNumber }, ctxFor())).toMatchObject({
      ok: true,
      value: { found: true, kind: 'staff_reset', revokedPasskeys: 2 },
    });
  });

  it('is rate limited per IP', async () => {
    const ctx = ctxFor();
    for (let i = 0; i < 100; i++)
      await lookupRecoveryStatus(db, { loginId: 'x', referenceNumber: 'R-20260101-AAAAAA' }, ctx);
    expect(await lookupRecoveryStatus(db, { loginId: 'x', referenceNumber: 'R-20260101-AAAAAA' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'rate_limited' },
    });
  });
});

describe('/recovery/not-me: the lock code of the notification stops login and recovery at once', () => {
  it('locks login, ends sessions, locks flows in progress, audits as an open case and tells the customer', async () => {
    const { c, lockCode } = await recovered();
    await db
      .update(customers)
      .set({ sessionsValidAfter: new Date(Date.now() - 3600_000) })
      .where(eq(customers.id, c.id));
    const issued = Date.now() - 1000;
    const inProgress = await startFlow(db, ctxFor());
    if (!inProgress.ok) throw new Error('start');
    await submitCredentials(db, inProgress.value.flowToken, { loginId: c.loginId, password: c.password }, ctxFor());

    const res = await reportNotMe(db, { loginId: c.loginId, lockCode: lockCode.toLowerCase() }, ctxFor());
    expect(res).toEqual({ ok: true, value: { accepted: true } });
    const [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.loginLockedAt).toBeInstanceOf(Date);
    expect(await isCustomerSessionValid(db, c.id, issued)).toBe(false);
    expect((await flowRow(db, inProgress.value.flowToken)).step).toBe('locked');
    expect(await auditCount(db, 'customer.not_me_locked', { customerId: c.id })).toBe(1);
    expect(await outboxCount(db, c.email, 'account_locked_by_customer')).toBe(1);
    expect(
      await passwordLogin(db, { loginId: c.loginId, password: c.password }, { ip: '10.9.9.9', channel: 'web' }),
    ).toEqual({ ok: false, code: 'account_locked' });
    // Recovery is refused too, revealed only after the right password.
    const again = await startFlow(db, ctxFor());
    if (!again.ok) throw new Error('start');
    expect(
      await submitCredentials(db, again.value.flowToken, { loginId: c.loginId, password: c.password }, ctxFor()),
    ).toEqual({ ok: false, error: { code: 'locked' } });
    // A second report changes nothing and sends nothing more.
    await reportNotMe(db, { loginId: c.loginId, lockCode }, ctxFor());
    expect(await outboxCount(db, c.email, 'account_locked_by_customer')).toBe(1);
  });

  it('a wrong code, an unknown ID, or an account without a code get the same answer after one verify, and change nothing', async () => {
    const { c } = await recovered();
    const never = await createCustomer(db);
    const cases = [
      { loginId: c.loginId, lockCode: 'AAAAAAAA' },
      { loginId: `nobody-${Date.now()}`, lockCode: 'AAAAAAAA' },
      { loginId: never.loginId, lockCode: 'AAAAAAAA' },
    ];
    const before = await snapshot(db);
    for (const input of cases) {
      const v = hashStats.verifies;
      expect(await reportNotMe(db, input, ctxFor())).toEqual({ ok: true, value: { accepted: true } });
      expect(hashStats.verifies - v).toBe(1);
    }
    expect(changedTables(before, await snapshot(db)).filter((t) => !TRACE_TABLES.includes(t))).toEqual([]);
    expect(await auditCount(db, 'customer.not_me_failed', { customerId: c.id })).toBe(1);
    const [row] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(row.loginLockedAt).toBeNull();
    expect(
      (await db.select().from(passkeys).where(eq(passkeys.customerId, never.id))).every((p) => p.revokedAt === null),
    ).toBe(true);
    expect(await db.select().from(recoveryFlows).where(eq(recoveryFlows.customerId, never.id))).toHaveLength(0);
  });
});
