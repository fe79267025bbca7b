import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { staffEnrollmentCodes, staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { demoStaff } from '../../db/seed/demo';
import { appendAudit } from '../audit';
import { env } from '../config/env';
import { securityPolicy } from '../config/security';
import { fail, ok, type RequestCtx, type StaffIdentity, type StaffResult } from './guard';
import { staffOperation } from './operation';
import { issueEnrollmentCodeSchema } from './schemas';

/**
 * One-time codes for registering a staff passkey (docs/design.md#staff-step-up): an admin issues one for
 * another staff member's account; it is stored hashed and works once (lib/staff/passkey-enrollment.ts).
 */

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** 20 characters from a CSPRNG (100 bits), shown as four groups of five. */
function newEnrollmentCode(): { code: string; display: string } {
  let code = '';
  for (let i = 0; i < 20; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { code, display: code.match(/.{5}/g)!.join('-') };
}

/**
 * Stored as a SHA-256 digest: the code carries 100 random bits, so a fast hash leaves nothing to
 * guess, and the lookup by digest never compares the secret itself.
 */
export function codeHash(staffId: string, code: string): string {
  return createHash('sha256').update(`staff-enrollment:${staffId.toLowerCase()}:${code}`).digest('hex');
}

/** Under DEMO_MODE=1 the seeded demo staff (never an account made in the console) enroll without a code. */
export async function mayEnrollWithoutCode(db: Db, staffId: string): Promise<boolean> {
  if (!env().DEMO_MODE) return false;
  const [row] = await db
    .select({ email: staffUsers.email, createdBy: staffUsers.createdBy })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId))
    .limit(1);
  return !!row && row.createdBy === null && demoStaff.some((d) => d.email === row.email);
}

export type IssuedCode = { code: string; expiresAt: Date; staffId: string; staffName: string };

/**
 * An admin issues a one-time code for another staff member's passkey registration. It is returned
 * once (the admin hands it over in person or by phone) and stored hashed; an earlier unused code for
 * the same account stops working.
 */
export const issueEnrollmentCode = staffOperation({
  role: 'admin',
  name: 'staff.passkey.issue_code',
  schema: issueEnrollmentCodeSchema,
  run: async (db, admin, v, { now, ...ctx }): Promise<StaffResult<IssuedCode>> => {
    if (v.staffId === admin.id) return fail('self_change');
    const { code, display } = newEnrollmentCode();
    const expiresAt = new Date(now.getTime() + securityPolicy().staffEnrollmentCodeTtlMs);
    return transactionWithRetry(db, async (tx) => {
      const [target] = await tx
        .select({ id: staffUsers.id, name: staffUsers.name, disabled: staffUsers.disabled })
        .from(staffUsers)
        .where(eq(staffUsers.id, v.staffId))
        .for('update');
      if (!target || target.disabled) return fail('not_found');
      await tx
        .update(staffEnrollmentCodes)
        .set({ expiresAt: now })
        .where(
          and(
            eq(staffEnrollmentCodes.staffId, v.staffId),
            isNull(staffEnrollmentCodes.usedAt),
            gt(staffEnrollmentCodes.expiresAt, now),
          ),
        );
      const [row] = await tx
        .insert(staffEnrollmentCodes)
        .values({
          staffId: v.staffId,
          codeHash: codeHash(v.staffId, code),
          issuedBy: admin.id,
          createdAt: now,
          expiresAt,
        })
        .returning({ id: staffEnrollmentCodes.id });
      await appendAudit(tx, {
        actor: { type: 'staff', id: admin.id },
        action: 'staff.passkey.code_issued',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: {
          codeId: row.id,
          staffId: v.staffId,
          name: target.name,
          by: admin.name,
          byId: admin.id,
          expiresAt: expiresAt.toISOString(),
        },
      });
      return ok({ code: display, expiresAt, staffId: v.staffId, staffName: target.name });
    });
  },
});

export async function findUsableCode(db: Db, staffId: string, code: string, now: Date) {
  const [row] = await db
    .select({ id: staffEnrollmentCodes.id })
    .from(staffEnrollmentCodes)
    .where(
      and(
        eq(staffEnrollmentCodes.staffId, staffId),
        eq(staffEnrollmentCodes.codeHash, codeHash(staffId, code)),
        isNull(staffEnrollmentCodes.usedAt),
        gt(staffEnrollmentCodes.expiresAt, now),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function refuseCode(db: Db, staff: StaffIdentity, ctx: RequestCtx, reason: 'missing' | 'invalid') {
  await appendAudit(db, {
    actor: { type: 'staff', id: staff.id },
    action: 'staff.passkey.enroll_refused',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { reason },
  });
  return fail('enrollment_code_invalid', { code: reason === 'missing' ? 'required' : 'enrollment_code_invalid' });
}
