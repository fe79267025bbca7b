import { isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { staffPasskeys } from '../../db/schema';
import type { Db } from '../../db/client';
import type { Locale } from '../i18n/types';
import { authenticatorName } from '../passkeys/authenticators';
import { mayEnrollWithoutCode } from './enrollment-codes';
import { ok, type Principal, type RequestCtx } from './guard';
import { runStaffOperation } from './operation';
import { activePasskeys } from './passkey-challenges';

/**
 * Staff passkeys (docs/design.md#staff-step-up): kept apart from customers' (own table, own
 * challenges bound to the staff member), always with user verification, registered only with a
 * one-time code another admin issued for the account. An assertion with one is the step-up that
 * state-changing staff actions require (lib/staff/step-up.ts).
 *
 * Split by job: codes (./enrollment-codes), challenges (./passkey-challenges), registration
 * (./passkey-enrollment), step-up (./passkey-step-up); this module reads them and re-exports the rest.
 */
export { issueEnrollmentCode, type IssuedCode } from './enrollment-codes';
export { startStaffPasskeyEnrollment, finishStaffPasskeyEnrollment } from './passkey-enrollment';
export { startStaffStepUp, finishStaffStepUp } from './passkey-step-up';

export type StaffPasskeyView = {
  credentialId: string;
  nickname: string;
  authenticator: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

/** The caller's own staff passkeys, and whether they may register one without a code (demo staff). */
export async function myStaffPasskeys(db: Db, principal: Principal, locale: Locale, ctx: RequestCtx = {}) {
  return runStaffOperation(
    {
      role: 'viewer',
      name: 'staff.passkey.list',
      schema: z.unknown(),
      run: async (db, staff) => {
        const keys = await activePasskeys(db, staff.id);
        const passkeys: StaffPasskeyView[] = keys.map((k) => ({
          credentialId: k.credentialId,
          nickname: k.nickname,
          authenticator: authenticatorName(k.aaguid, locale),
          createdAt: k.createdAt,
          lastUsedAt: k.lastUsedAt,
        }));
        return ok({ passkeys, codeRequired: !(await mayEnrollWithoutCode(db, staff.id)) });
      },
    },
    db,
    principal,
    undefined,
    ctx,
  );
}

/** Active staff passkeys per staff member (for the staff management list). */
export async function passkeyCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .select({ staffId: staffPasskeys.staffId, n: sql<number>`count(*)::int` })
    .from(staffPasskeys)
    .where(isNull(staffPasskeys.revokedAt))
    .groupBy(staffPasskeys.staffId);
  return new Map(rows.map((r) => [r.staffId, Number(r.n)]));
}
