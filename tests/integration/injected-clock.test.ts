import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditEvents, passkeys, staffResetRequests } from '../../db/schema';
import { queryRows } from '../../db/client';
import { passwordLogin } from '../../lib/auth/customer-login';
import { recordStepUp, startSession } from '../../lib/auth/sessions';
import { staffLoginResult } from '../../lib/staff/auth';
import { removePasskey } from '../../lib/passkeys';
import { completeFlow } from '../../lib/recovery';
import { recordRefusal } from '../../lib/audit/aggregate';
import { approveForcedReset, requestForcedReset } from '../../lib/staff/forced-reset';
import { verifyAuditChain } from '../../lib/audit';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createCustomer, ctxFor, flowAt } from '../support/recovery-helpers';
import { resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

/*
 * The clock a caller passes (ctx.now, or a `now` parameter) is the one that stamps what the call
 * writes: the audit rows and a passkey's revocation time, not the database's now() or the process's
 * own clock. An hour in the past, to the millisecond, so neither of those could match by chance.
 */
const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000 + 321);

let t: TestDatabase;
let cast: StaffCast;

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterAll(async () => {
  await t?.drop();
});

async function auditTimes(where: ReturnType<typeof eq>) {
  const rows = await t.db
    .select({ action: auditEvents.action, at: auditEvents.at })
    .from(auditEvents)
    .where(where)
    .orderBy(auditEvents.id);
  return rows.map((r) => ({ action: r.action, at: r.at.toISOString() }));
}

async function revocationTimes(customerId: string) {
  const rows = await t.db
    .select({ revokedAt: passkeys.revokedAt })
    .from(passkeys)
    .where(eq(passkeys.customerId, customerId));
  return rows.map((r) => r.revokedAt?.toISOString() ?? null);
}

describe('the injected clock', () => {
  it('stamps every audit row of a recovery and the revocation of its passkeys', async () => {
    const c = await createCustomer(t.db, { passkeyCount: 2 });
    const at = await flowAt(t.db, c, 'review', ctxFor(undefined, { now: NOW }));
    expect(await completeFlow(t.db, at.token, at.ctx)).toMatchObject({ ok: true, value: { revokedPasskeys: 2 } });
    const rows = await auditTimes(eq(auditEvents.flowId, at.flowId));
    expect(rows.map((r) => r.action)).toEqual([
      'recovery.started',
      'recovery.credentials.passed',
      'recovery.secret_question.passed',
      'recovery.account_data.passed',
      'recovery.otp.passed',
      'recovery.completed',
    ]);
    expect(new Set(rows.map((r) => r.at))).toEqual(new Set([NOW.toISOString()]));
    expect(await revocationTimes(c.id)).toEqual([NOW.toISOString(), NOW.toISOString()]);
  });

  it('stamps a staff forced reset: the revocation and its audit row', async () => {
    const c = await createCustomer(t.db, { passkeyCount: 1 });
    const requested = await requestForcedReset(t.db, cast.operator, resetRequestInput(c.id), { ip: '203.0.113.9' });
    expect(requested.ok).toBe(true);
    const [req] = await t.db
      .select()
      .from(staffResetRequests)
      .where(and(eq(staffResetRequests.customerId, c.id), eq(staffResetRequests.status, 'pending')));
    const res = await approveForcedReset(t.db, cast.operator2, { requestId: req.id }, { ip: '203.0.113.9', now: NOW });
    expect(res).toMatchObject({ ok: true, data: { revokedPasskeys: 1 } });
    expect(
      await auditTimes(and(eq(auditEvents.customerId, c.id), eq(auditEvents.action, 'staff.forced_reset.executed'))!),
    ).toEqual([{ action: 'staff.forced_reset.executed', at: NOW.toISOString() }]);
    expect(await revocationTimes(c.id)).toEqual([NOW.toISOString()]);
  });

  it('stamps a passkey the customer removes, and its audit row', async () => {
    const c = await createCustomer(t.db, { passkeyCount: 2 });
    const [pk] = await t.db.select().from(passkeys).where(eq(passkeys.customerId, c.id)).limit(1);
    const sid = await startSession(t.db, 'customer', c.id, NOW);
    await recordStepUp(t.db, sid, NOW);
    await removePasskey(t.db, { sid, customerId: c.id }, pk.credentialId, { ip: '203.0.113.10', now: NOW });
    const [row] = await t.db
      .select({ revokedAt: passkeys.revokedAt })
      .from(passkeys)
      .where(eq(passkeys.credentialId, pk.credentialId));
    expect(row.revokedAt?.toISOString()).toBe(NOW.toISOString());
    expect(await auditTimes(and(eq(auditEvents.customerId, c.id), eq(auditEvents.action, 'passkey.removed'))!)).toEqual(
      [{ action: 'passkey.removed', at: NOW.toISOString() }],
    );
  });

  it('stamps sign-in failures of customers and staff, and an aggregated refusal', async () => {
    const c = await createCustomer(t.db, { passkeyCount: 0 });
    await passwordLogin(
      t.db,
      { loginId: c.loginId, password: 'wrong-password-1' },
      { ip: '203.0.113.11', channel: 'web', now: NOW },
    );
    expect(
      await auditTimes(and(eq(auditEvents.customerId, c.id), eq(auditEvents.action, 'login.password.failed'))!),
    ).toEqual([{ action: 'login.password.failed', at: NOW.toISOString() }]);
    await staffLoginResult(
      t.db,
      { email: 'nobody-clock@example.jp', password: 'wrong' },
      { ip: '203.0.113.12', now: NOW },
    );
    const [staffRow] = await queryRows<{ at: string | Date }>(
      t.db,
      sql`
      select at from audit_events where action = 'staff.login.failed' and details->>'email' = 'nobody-clock@example.jp'`,
    );
    expect(new Date(staffRow.at).toISOString()).toBe(NOW.toISOString());
    await recordRefusal(
      t.db,
      { actor: { type: 'anonymous' }, action: 'staff.action.denied', reason: 'clock_test', client: 'clock-client' },
      { policy: { limit: 5, windowMs: 60_000 }, globalMax: 10, now: NOW },
    );
    const [refusal] = await queryRows<{ at: string | Date }>(
      t.db,
      sql`
      select at from audit_events where action = 'staff.action.denied' and details->>'reason' = 'clock_test'`,
    );
    expect(new Date(refusal.at).toISOString()).toBe(NOW.toISOString());
    // Rows stamped in the past are still one valid chain (order is by id, not by time).
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
