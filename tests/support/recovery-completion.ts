import { expect } from 'vitest';
import { and, eq, isNull } from 'drizzle-orm';
import { passkeys, recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import type { CompletionResult, RecoveryResult } from '../../lib/recovery';
import { auditCount, outboxCount, type TestCustomer } from './recovery-helpers';

/** Business tables: a failed completion must leave every one of them exactly as it was. */
export const BUSINESS = [
  'customers',
  'passkeys',
  'recovery_flows',
  'notification_outbox',
  'staff_reset_requests',
  'staff_users',
  'webauthn_challenges',
];

export async function activePasskeys(db: Db, customerId: string) {
  return db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.customerId, customerId), isNull(passkeys.revokedAt)));
}

/** Exactly one completion happened for this customer and flow: one reference, one audit row, one email. */
export async function expectCompletedOnce(
  db: Db,
  c: TestCustomer,
  flowId: string,
  results: RecoveryResult<CompletionResult>[],
) {
  const refs = new Set(results.filter((r) => r.ok).map((r) => (r.ok ? r.value.referenceNumber : '')));
  expect(refs.size).toBe(1);
  const row = (await db.select().from(recoveryFlows).where(eq(recoveryFlows.id, flowId)))[0];
  expect(row.step).toBe('done');
  expect(refs.has(row.referenceNumber!)).toBe(true);
  expect(await auditCount(db, 'recovery.completed', { flowId })).toBe(1);
  expect(await outboxCount(db, c.email, 'recovery_completed')).toBe(1);
  expect(await activePasskeys(db, c.id)).toHaveLength(0);
  const revoked = await db.select().from(passkeys).where(eq(passkeys.customerId, c.id));
  expect(revoked.map((p) => p.revokedBy)).toEqual(revoked.map(() => `recovery:${flowId}`));
}
