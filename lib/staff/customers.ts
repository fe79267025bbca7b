import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { auditEvents, customers, passkeys, staffResetRequests, staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';
import { appendAudit } from '../audit';
import type { Locale } from '../i18n/types';
import { maskEmail } from '../notify';
import { authenticatorName } from '../passkeys/authenticators';
import { fail, isUuid, ok, type Principal, type RequestCtx, type StaffResult } from './guard';
import { runStaffOperation, staffOperation } from './operation';
import { accountHint, maskAccountNumber, maskPhone } from './masking';
import { customerIdSchema, customerSearchSchema } from './schemas';
import { loginSuspendedAt } from '../auth/login-throttle';
import { isAccountLocked } from '../recovery/account-lock';
import { customerFlows, type FlowView } from './customer-flows';

export type { FlowView } from './customer-flows';

export type CustomerSummary = {
  id: string;
  loginId: string;
  nameKanji: string;
  nameKana: string;
  branchCode: string;
  accountMasked: string;
  passwordLoginEnabled: boolean;
  activePasskeys: number;
  loginLocked: boolean;
  recoveryLocked: boolean;
};

const activeCount = sql<number>`(select count(*)::int from passkeys p where p.customer_id = ${customers.id} and p.revoked_at is null)`;

/** Looks customers up by login ID or branch + account number; every lookup is audited (masked). */
export const findCustomers = staffOperation({
  role: 'viewer',
  name: 'staff.customer.search',
  schema: customerSearchSchema,
  run: async (db, staff, q, { now, ...ctx }): Promise<StaffResult<CustomerSummary[]>> => {
    const where = q.loginId
      ? eq(customers.loginId, q.loginId)
      : and(eq(customers.branchCode, q.branchCode), eq(customers.accountNumber, q.accountNumber));
    const rows = await db
      .select({
        id: customers.id,
        loginId: customers.loginId,
        nameKanji: customers.nameKanji,
        nameKana: customers.nameKana,
        branchCode: customers.branchCode,
        accountNumber: customers.accountNumber,
        passwordLoginEnabled: customers.passwordLoginEnabled,
        loginLockedAt: customers.loginLockedAt,
        recoveryLockedUntil: customers.recoveryLockedUntil,
        activePasskeys: activeCount,
      })
      .from(customers)
      .where(where)
      .limit(20);
    await appendAudit(db, {
      actor: { type: 'staff', id: staff.id },
      action: 'staff.customer.searched',
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      details: q.loginId
        ? { by: 'login_id', loginId: q.loginId, results: rows.length }
        : { by: 'account', account: accountHint(q.branchCode, q.accountNumber), results: rows.length },
    });
    return ok(
      rows.map((r) => ({
        id: r.id,
        loginId: r.loginId,
        nameKanji: r.nameKanji,
        nameKana: r.nameKana,
        branchCode: r.branchCode,
        accountMasked: maskAccountNumber(r.accountNumber),
        passwordLoginEnabled: r.passwordLoginEnabled,
        activePasskeys: Number(r.activePasskeys),
        loginLocked: !!r.loginLockedAt,
        recoveryLocked: recoveryLockActive(r.recoveryLockedUntil, now),
      })),
    );
  },
});

export type PasskeyView = {
  credentialIdShort: string;
  nickname: string;
  authenticator: string;
  deviceType: string;
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedReason: string | null;
  revokedBy: string | null;
};

export type ResetRequestView = {
  id: string;
  status: 'pending' | 'executed' | 'rejected' | 'cancelled';
  checklist: Record<string, boolean>;
  reason: string;
  caseNumber: string;
  requestedBy: { id: string; name: string };
  approvedBy: { id: string; name: string } | null;
  createdAt: Date;
  approvedAt: Date | null;
  executedAt: Date | null;
  referenceNumber: string | null;
};

export type AuditView = {
  id: number;
  at: Date;
  action: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

/**
 * What staff may see of a customer. Built field by field (never a spread row): no birth date, no
 * password or answer hash, no secret question, no lock code, no OTP or token hash, the account
 * number masked but for its last four digits.
 */
export type CustomerView = {
  id: string;
  loginId: string;
  nameKanji: string;
  nameKana: string;
  branchCode: string;
  accountMasked: string;
  emailMasked: string;
  phoneMasked: string;
  passwordLoginEnabled: boolean;
  sessionsValidAfter: Date;
  loginLockedAt: Date | null;
  recoveryLockedUntil: Date | null;
  recoveryLocked: boolean;
  failedRecoveryCount: number;
  /** Password login suspended by the login throttle (lifted by the unlock below). */
  passwordLoginSuspendedAt: Date | null;
  passkeys: PasskeyView[];
  flows: FlowView[];
  resetRequests: ResetRequestView[];
  audit: AuditView[];
};

/** The failure lock alone (the not-me lock is shown as the login lock), by the domain's own rule. */
function recoveryLockActive(recoveryLockedUntil: Date | null, now: Date): boolean {
  return isAccountLocked({ recoveryLockedUntil, loginLockedAt: null }, now);
}

/** Display name of each staff id (for "requested by" / "approved by" / audit actors). */
export async function staffNames(db: Db, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
  const uniq = [...new Set(ids.filter((x): x is string => isUuid(x)))];
  if (uniq.length === 0) return new Map();
  const rows = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(inArray(staffUsers.id, uniq));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getCustomerView(
  db: Db,
  principal: Principal,
  input: unknown,
  opts: { locale: Locale; ctx?: RequestCtx; now?: Date; auditLimit?: number },
): Promise<StaffResult<CustomerView>> {
  return runStaffOperation(
    {
      role: 'viewer',
      name: 'staff.customer.view',
      schema: customerIdSchema,
      run: async (db, staff, { customerId }, { now, ...ctx }) => {
        const [c] = await db
          .select({
            id: customers.id,
            loginId: customers.loginId,
            nameKanji: customers.nameKanji,
            nameKana: customers.nameKana,
            branchCode: customers.branchCode,
            accountNumber: customers.accountNumber,
            email: customers.email,
            phone: customers.phone,
            passwordLoginEnabled: customers.passwordLoginEnabled,
            sessionsValidAfter: customers.sessionsValidAfter,
            loginLockedAt: customers.loginLockedAt,
            recoveryLockedUntil: customers.recoveryLockedUntil,
            failedRecoveryCount: customers.failedRecoveryCount,
          })
          .from(customers)
          .where(eq(customers.id, customerId))
          .limit(1);
        if (!c) return fail('not_found');

        const keys = await db
          .select()
          .from(passkeys)
          .where(eq(passkeys.customerId, customerId))
          .orderBy(sql`${passkeys.revokedAt} is not null`, passkeys.createdAt);
        const flows = await customerFlows(db, customerId, now);
        const requests = await db
          .select()
          .from(staffResetRequests)
          .where(eq(staffResetRequests.customerId, customerId))
          .orderBy(desc(staffResetRequests.createdAt))
          .limit(50);
        const events = await db
          .select({
            id: auditEvents.id,
            at: auditEvents.at,
            action: auditEvents.action,
            actorType: auditEvents.actorType,
            actorId: auditEvents.actorId,
            ip: auditEvents.ip,
            details: auditEvents.details,
          })
          .from(auditEvents)
          .where(eq(auditEvents.customerId, customerId))
          .orderBy(desc(auditEvents.id))
          .limit(opts.auditLimit ?? 100);

        const names = await staffNames(db, [
          ...requests.flatMap((r) => [r.requestedBy, r.approvedBy]),
          ...events.filter((e) => e.actorType === 'staff').map((e) => e.actorId),
        ]);
        const person = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);

        await appendAudit(db, {
          actor: { type: 'staff', id: staff.id },
          customerId,
          action: 'staff.customer.viewed',
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        });

        return ok({
          id: c.id,
          loginId: c.loginId,
          nameKanji: c.nameKanji,
          nameKana: c.nameKana,
          branchCode: c.branchCode,
          accountMasked: maskAccountNumber(c.accountNumber),
          emailMasked: maskEmail(c.email),
          phoneMasked: maskPhone(c.phone),
          passwordLoginEnabled: c.passwordLoginEnabled,
          sessionsValidAfter: c.sessionsValidAfter,
          loginLockedAt: c.loginLockedAt,
          recoveryLockedUntil: c.recoveryLockedUntil,
          recoveryLocked: recoveryLockActive(c.recoveryLockedUntil, now),
          failedRecoveryCount: c.failedRecoveryCount,
          passwordLoginSuspendedAt: await loginSuspendedAt(db, 'customer', c.loginId),
          passkeys: keys.map((k) => ({
            credentialIdShort: `${k.credentialId.slice(0, 8)}…`,
            nickname: k.nickname,
            authenticator: authenticatorName(k.aaguid, opts.locale),
            deviceType: k.deviceType,
            backedUp: k.backedUp,
            createdAt: k.createdAt,
            lastUsedAt: k.lastUsedAt,
            revokedAt: k.revokedAt,
            revokedReason: k.revokedReason,
            revokedBy: k.revokedBy,
          })),
          flows,
          resetRequests: requests.map((r) => ({
            id: r.id,
            status: r.status,
            checklist: (r.checklist ?? {}) as Record<string, boolean>,
            reason: r.reason,
            caseNumber: r.caseNumber,
            requestedBy: person(r.requestedBy)!,
            approvedBy: person(r.approvedBy),
            createdAt: r.createdAt,
            approvedAt: r.approvedAt,
            executedAt: r.executedAt,
            referenceNumber: r.referenceNumber,
          })),
          audit: events.map((e) => ({
            id: e.id,
            at: e.at,
            action: e.action,
            actorType: e.actorType,
            actorId: e.actorId,
            actorName: e.actorType === 'staff' && e.actorId ? (names.get(e.actorId) ?? null) : null,
            ip: e.ip,
            details: (e.details ?? {}) as Record<string, unknown>,
          })),
        });
      },
    },
    db,
    principal,
    input,
    opts.ctx,
    opts.now,
  );
}
