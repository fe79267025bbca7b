import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { customers, recoveryFlows, staffResetRequests, staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit } from '../audit';
import { unlockRecovery as endRecoveryLock } from '../recovery/account-lock';
import { ACTIVE_STEPS } from '../recovery/flow';
import { newReferenceNumber, prepareLockCode, revokePasskeysAndEnablePassword } from '../recovery/reset';
import { roleAtLeast } from './auth';
import { lineageRelation } from './four-eyes';
import { fail, ok, recordDenial, type StaffResult } from './guard';
import { staffOperation } from './operation';
import { forcedResetRequestSchema, resetDecisionSchema, unlockSchema } from './schemas';

/**
 * 電話本人確認による強制リセット (docs/design.md#forced-reset), four-eyes: one operator records what was verified on the
 * phone; a different operator or admin approves; only then the completion core (docs/design.md#completion) runs. Staff never
 * see, set or hear a password, code or answer: the customer signs in with the password they know.
 */
export const requestForcedReset = staffOperation({
  role: 'operator',
  name: 'staff.forced_reset.request',
  schema: forcedResetRequestSchema,
  run: async (db, staff, v, ctx): Promise<StaffResult<{ requestId: string }>> => {
    return transactionWithRetry(db, async (tx) => {
      // One pending request per customer: the row lock serializes concurrent requests.
      const [c] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(eq(customers.id, v.customerId))
        .for('update');
      if (!c) return fail('not_found');
      const [pending] = await tx
        .select({ id: staffResetRequests.id })
        .from(staffResetRequests)
        .where(and(eq(staffResetRequests.customerId, v.customerId), eq(staffResetRequests.status, 'pending')))
        .limit(1);
      if (pending) return fail('pending_exists');
      const [row] = await tx
        .insert(staffResetRequests)
        .values({
          customerId: v.customerId,
          requestedBy: staff.id,
          checklist: v.checklist,
          reason: v.reason,
          caseNumber: v.caseNumber,
        })
        .returning({ id: staffResetRequests.id });
      await appendAudit(tx, {
        actor: { type: 'staff', id: staff.id },
        customerId: v.customerId,
        action: 'staff.forced_reset.requested',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: {
          requestId: row.id,
          caseNumber: v.caseNumber,
          checklist: v.checklist,
          reason: v.reason,
          requestedByName: staff.name,
        },
      });
      return ok({ requestId: row.id });
    });
  },
});

export type ForcedResetOutcome = {
  requestId: string;
  referenceNumber: string;
  revokedPasskeys: number;
  clearedLoginLock: boolean;
  clearedRecoveryLock: boolean;
};

/**
 * The second person's approval, and the reset itself in the same transaction. Four eyes means two
 * people (lib/staff/four-eyes.ts): the approver is not the requester, nor linked to them by creating,
 * enabling, promoting or enrolling; and both accounts are still enabled and hold their roles. The
 * checks run before the slow hashing (a quick refusal) and again inside the transaction with both
 * staff rows locked, so a concurrent disable, demotion or promotion cannot slip between them; the
 * guarded UPDATE (`requested_by <> approver`) keeps the requester from ever approving their own.
 */
export const approveForcedReset = staffOperation({
  role: 'operator',
  name: 'staff.forced_reset.approve',
  schema: resetDecisionSchema,
  run: async (db, staff, v, ctx): Promise<StaffResult<ForcedResetOutcome>> => {
    const [req] = await db.select().from(staffResetRequests).where(eq(staffResetRequests.id, v.requestId)).limit(1);
    if (!req) return fail('not_found');
    if (req.status !== 'pending') return fail('not_pending');
    const refuse = async (r: FourEyesRefusal) => {
      await recordDenial(db, { kind: 'staff', id: staff.id }, 'staff.forced_reset.approve', r.reason, ctx, {
        customerId: req.customerId,
        requestId: req.id,
        requestedBy: req.requestedBy,
        ...r.details,
      });
      return fail(r.code);
    };
    const early = await fourEyesRefusal(db, req.requestedBy, staff.id);
    if (early) return refuse(early);

    // Slow hashing happens before the transaction; the code itself only ever goes into the email.
    const { lockCode, lockCodeHash } = await prepareLockCode();
    const now = ctx.now ?? new Date();
    const referenceNumber = newReferenceNumber(now);

    const result = await transactionWithRetry(db, async (tx): Promise<ForcedResetOutcome | FourEyesRefusal | null> => {
      // Both accounts, locked: a disable, demotion or promotion waits for this approval (or this waits for it).
      await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(inArray(staffUsers.id, [req.requestedBy, staff.id]))
        .for('share');
      const refusal = await fourEyesRefusal(tx, req.requestedBy, staff.id);
      if (refusal) return refusal;
      const [c] = await tx
        .select({ loginLockedAt: customers.loginLockedAt, recoveryLockedUntil: customers.recoveryLockedUntil })
        .from(customers)
        .where(eq(customers.id, req.customerId))
        .for('update');
      if (!c) return null;
      const claimed = await tx
        .update(staffResetRequests)
        .set({
          status: 'executed',
          approvedBy: staff.id,
          approvedAt: sql`now()`,
          executedAt: sql`now()`,
          referenceNumber,
        })
        .where(
          and(
            eq(staffResetRequests.id, req.id),
            eq(staffResetRequests.status, 'pending'),
            ne(staffResetRequests.requestedBy, staff.id),
          ),
        )
        .returning({
          id: staffResetRequests.id,
          requestedBy: staffResetRequests.requestedBy,
          caseNumber: staffResetRequests.caseNumber,
        });
      if (claimed.length !== 1) return null;
      const requestedByName = await staffName(tx, claimed[0].requestedBy);
      const clearedLoginLock = !!c.loginLockedAt;
      const clearedRecoveryLock = !!c.recoveryLockedUntil && c.recoveryLockedUntil.getTime() > Date.now();
      const { revokedPasskeys } = await revokePasskeysAndEnablePassword(tx, {
        customerId: req.customerId,
        revokedBy: `staff-reset:${req.id}`,
        reason: 'staff_forced_reset',
        referenceNumber,
        actor: { type: 'staff', id: staff.id },
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        auditDetails: {
          requestId: req.id,
          requestedBy: claimed[0].requestedBy,
          approvedBy: staff.id,
          caseNumber: claimed[0].caseNumber,
          requestedByName,
          approvedByName: staff.name,
          clearedLoginLock,
          clearedRecoveryLock,
        },
        now,
        lockCode,
        lockCodeHash,
      });
      // Verified on the phone: the not-me lock and the recovery lock end with the reset. The recovery lock
      // "ends now" rather than being cleared (lib/recovery/account-lock.ts counts failures after it), so
      // failures from before the reset never count again.
      await tx
        .update(customers)
        .set({ loginLockedAt: null, recoveryLockedUntil: sql`now()`, failedRecoveryCount: 0 })
        .where(eq(customers.id, req.customerId));
      // A self-service flow still open would now have nothing to do: close it.
      await tx
        .update(recoveryFlows)
        .set({ step: 'cancelled' })
        .where(and(eq(recoveryFlows.customerId, req.customerId), inArray(recoveryFlows.step, [...ACTIVE_STEPS])));
      return { requestId: req.id, referenceNumber, revokedPasskeys, clearedLoginLock, clearedRecoveryLock };
    });
    if (result && 'code' in result) return refuse(result);
    return result ? ok(result) : fail('not_pending');
  },
});

type FourEyesRefusal = {
  code: 'same_person' | 'linked_account' | 'requester_inactive' | 'approver_inactive';
  reason: string;
  details: Record<string, unknown>;
};

/** Why `approverId` may not approve a request filed by `requesterId`, or null when they may. */
async function fourEyesRefusal(db: Db, requesterId: string, approverId: string): Promise<FourEyesRefusal | null> {
  if (requesterId === approverId) return { code: 'same_person', reason: 'four_eyes', details: {} };
  const rows = await db
    .select({ id: staffUsers.id, role: staffUsers.role, disabled: staffUsers.disabled })
    .from(staffUsers)
    .where(inArray(staffUsers.id, [requesterId, approverId]));
  const requester = rows.find((r) => r.id === requesterId);
  const approver = rows.find((r) => r.id === approverId);
  if (!approver || approver.disabled || !roleAtLeast(approver.role, 'operator')) {
    return {
      code: 'approver_inactive',
      reason: 'approver_inactive',
      details: { approverRole: approver?.role ?? null, approverDisabled: approver?.disabled ?? null },
    };
  }
  if (!requester || requester.disabled || !roleAtLeast(requester.role, 'operator')) {
    return {
      code: 'requester_inactive',
      reason: 'requester_inactive',
      details: { requesterRole: requester?.role ?? null, requesterDisabled: requester?.disabled ?? null },
    };
  }
  const relation = await lineageRelation(db, requesterId, approverId);
  if (relation)
    return {
      code: 'linked_account',
      reason: 'four_eyes_linked',
      details: { relation: relation.direction, links: relation.links },
    };
  return null;
}

async function staffName(db: Db, id: string): Promise<string> {
  const [row] = await db.select({ name: staffUsers.name }).from(staffUsers).where(eq(staffUsers.id, id)).limit(1);
  return row?.name ?? id;
}

/** Rejecting or cancelling a pending request: the same steps, with who may do it told apart. */
function decide(kind: 'reject' | 'cancel') {
  const action = kind === 'reject' ? 'staff.forced_reset.reject' : 'staff.forced_reset.cancel';
  return staffOperation({
    role: 'operator',
    name: action,
    schema: resetDecisionSchema,
    run: async (db, staff, v, ctx): Promise<StaffResult<{ requestId: string }>> => {
      const [req] = await db.select().from(staffResetRequests).where(eq(staffResetRequests.id, v.requestId)).limit(1);
      if (!req) return fail('not_found');
      // Rejecting is the second person's decision; cancelling is the requester's own (or an admin's).
      const mine = req.requestedBy === staff.id;
      if (kind === 'reject' && mine) {
        await recordDenial(db, { kind: 'staff', id: staff.id }, action, 'four_eyes', ctx, {
          customerId: req.customerId,
          requestId: req.id,
        });
        return fail('same_person');
      }
      if (kind === 'cancel' && !mine && staff.role !== 'admin') {
        await recordDenial(db, { kind: 'staff', id: staff.id }, action, 'not_requester', ctx, {
          customerId: req.customerId,
          requestId: req.id,
        });
        return fail('forbidden');
      }
      return transactionWithRetry(db, async (tx) => {
        const rows = await tx
          .update(staffResetRequests)
          .set({ status: kind === 'reject' ? 'rejected' : 'cancelled', approvedBy: staff.id, approvedAt: sql`now()` })
          .where(and(eq(staffResetRequests.id, req.id), eq(staffResetRequests.status, 'pending')))
          .returning({ id: staffResetRequests.id });
        if (rows.length !== 1) return fail('not_pending');
        await appendAudit(tx, {
          actor: { type: 'staff', id: staff.id },
          customerId: req.customerId,
          action: kind === 'reject' ? 'staff.forced_reset.rejected' : 'staff.forced_reset.cancelled',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          details: {
            requestId: req.id,
            caseNumber: req.caseNumber,
            by: staff.name,
            ...(v.note ? { note: v.note } : {}),
          },
        });
        return ok({ requestId: req.id });
      });
    },
  });
}

export const rejectForcedReset = decide('reject');
export const cancelForcedReset = decide('cancel');

export type PendingResetView = {
  id: string;
  customerId: string;
  customerName: string;
  loginId: string;
  caseNumber: string;
  reason: string;
  requestedById: string;
  requestedByName: string;
  createdAt: Date;
};

/** Pending requests for the dashboard's open cases (read-only; callers have already authorized). */
export async function listPendingResets(db: Db, limit = 50): Promise<PendingResetView[]> {
  const rows = await db
    .select({
      id: staffResetRequests.id,
      customerId: staffResetRequests.customerId,
      customerName: customers.nameKanji,
      loginId: customers.loginId,
      caseNumber: staffResetRequests.caseNumber,
      reason: staffResetRequests.reason,
      requestedById: staffResetRequests.requestedBy,
      staffName: staffUsers.name,
      createdAt: staffResetRequests.createdAt,
    })
    .from(staffResetRequests)
    .innerJoin(customers, eq(customers.id, staffResetRequests.customerId))
    .leftJoin(staffUsers, eq(staffUsers.id, staffResetRequests.requestedBy))
    .where(eq(staffResetRequests.status, 'pending'))
    .orderBy(staffResetRequests.createdAt)
    .limit(limit);
  return rows.map(({ staffName: n, ...r }) => ({ ...r, requestedByName: n ?? r.requestedById }));
}

/**
 * Ends a recovery lock (10 failures in 24 h) after the customer was verified on the phone, through
 * lib/recovery's own unlock (the lock ends now, so its failures never count again). The not-me lock
 * is not lifted here: that needs the four-eyes forced reset.
 */
export const unlockCustomerRecovery = staffOperation({
  role: 'operator',
  name: 'staff.recovery.unlock',
  schema: unlockSchema,
  run: async (db, staff, v, ctx): Promise<StaffResult<{ customerId: string }>> => {
    const res = await endRecoveryLock(
      db,
      v.customerId,
      { type: 'staff', id: staff.id },
      { ip: ctx.ip ?? 'unknown', userAgent: ctx.userAgent, reason: v.reason, now: ctx.now },
    );
    if (res.unlocked) return ok({ customerId: v.customerId });
    const [exists] = await db.select({ id: customers.id }).from(customers).where(eq(customers.id, v.customerId));
    return fail(exists ? 'not_locked' : 'not_found');
  },
});
