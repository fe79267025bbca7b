import { and, eq, gt, isNull } from 'drizzle-orm';
import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { staffEnrollmentCodes, staffPasskeys } from '../../db/schema';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit } from '../audit';
import { env, appOrigin, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import { checkLimit } from '../rate-limit';
import { codeHash, findUsableCode, mayEnrollWithoutCode, refuseCode } from './enrollment-codes';
import { fail, ok } from './guard';
import { staffOperation } from './operation';
import { activePasskeys, consumeChallenge, storeChallenge } from './passkey-challenges';
import { finishEnrollmentSchema, startEnrollmentSchema } from './schemas';

/** Registering a staff passkey with a one-time code (docs/design.md#staff-step-up), user verification required. */

/**
 * Step 1 of registering a staff passkey: the code is checked (not yet used up) before the browser
 * asks for the authenticator, so a wrong code costs nobody a fingerprint.
 */
export const startStaffPasskeyEnrollment = staffOperation({
  role: 'viewer',
  name: 'staff.passkey.enroll_start',
  schema: startEnrollmentSchema,
  run: async (db, staff, v, { now, ...ctx }) => {
    const limit = await checkLimit(
      db,
      securityPolicy().rateLimits.staffEnrollmentsPerStaff,
      `staff-enroll:${staff.id}`,
      now,
    );
    if (!limit.allowed) return fail('rate_limited');
    if (!(await mayEnrollWithoutCode(db, staff.id))) {
      if (!v.code) return refuseCode(db, staff, ctx, 'missing');
      if (!(await findUsableCode(db, staff.id, v.code, now))) return refuseCode(db, staff, ctx, 'invalid');
    }
    const existing = await activePasskeys(db, staff.id);
    const options = await generateRegistrationOptions({
      rpName: `${env().RP_NAME ?? env().BRAND_NAME}（スタッフ）`,
      rpID: rpId(),
      userName: staff.email,
      userDisplayName: staff.name,
      userID: new TextEncoder().encode(`staff:${staff.id}`),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: p.transports as AuthenticatorTransport[],
      })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    });
    const challengeId = await storeChallenge(db, options.challenge, 'register', staff.id, now);
    return ok({ challengeId, options });
  },
});

/**
 * Step 2: the authenticator's answer is verified (user verification required), then the code is used
 * up with a guarded update and the passkey stored, in one transaction: a code works once, and a
 * refused registration uses up nothing.
 */
export const finishStaffPasskeyEnrollment = staffOperation({
  role: 'viewer',
  name: 'staff.passkey.enroll_finish',
  schema: finishEnrollmentSchema,
  run: async (db, staff, v, { now, ...ctx }) => {
    const expectedChallenge = await consumeChallenge(db, v.challengeId, 'register', staff.id, now);
    if (!expectedChallenge) return fail('passkey_failed');
    const withoutCode = await mayEnrollWithoutCode(db, staff.id);
    if (!withoutCode && !v.code) return refuseCode(db, staff, ctx, 'missing');
    let info;
    try {
      const verification = await verifyRegistrationResponse({
        response: v.response as unknown as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: appOrigin(),
        expectedRPID: rpId(),
        requireUserVerification: true,
      });
      info = verification.verified ? verification.registrationInfo : undefined;
    } catch {
      info = undefined;
    }
    if (!info) {
      await appendAudit(db, {
        actor: { type: 'staff', id: staff.id },
        action: 'staff.passkey.enroll_refused',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { reason: 'verification_failed' },
      });
      return fail('passkey_failed');
    }
    const credential = info.credential;
    const aaguid = info.aaguid;
    const result = await transactionWithRetry(db, async (tx) => {
      let used: { id: string; issuedBy: string } | null = null;
      if (!withoutCode) {
        const rows = await tx
          .update(staffEnrollmentCodes)
          .set({ usedAt: now })
          .where(
            and(
              eq(staffEnrollmentCodes.staffId, staff.id),
              eq(staffEnrollmentCodes.codeHash, codeHash(staff.id, v.code!)),
              isNull(staffEnrollmentCodes.usedAt),
              gt(staffEnrollmentCodes.expiresAt, now),
            ),
          )
          .returning({ id: staffEnrollmentCodes.id, issuedBy: staffEnrollmentCodes.issuedBy });
        if (rows.length !== 1) return 'code' as const;
        used = rows[0];
      }
      const count = (await activePasskeys(tx, staff.id)).length;
      const inserted = await tx
        .insert(staffPasskeys)
        .values({
          credentialId: credential.id,
          staffId: staff.id,
          publicKey: new Uint8Array(credential.publicKey),
          counter: credential.counter,
          transports: credential.transports ?? [],
          aaguid,
          nickname: v.nickname || `スタッフ用パスキー ${count + 1}`,
          createdAt: now,
        })
        .onConflictDoNothing({ target: staffPasskeys.credentialId })
        .returning({ id: staffPasskeys.credentialId });
      if (inserted.length !== 1) return 'duplicate' as const;
      await appendAudit(tx, {
        actor: { type: 'staff', id: staff.id },
        action: 'staff.passkey.registered',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: {
          credentialId: credential.id,
          aaguid,
          name: staff.name,
          codeId: used?.id ?? null,
          codeIssuedBy: used?.issuedBy ?? null,
          demo: withoutCode,
        },
      });
      return { credentialId: credential.id };
    });
    if (result === 'code') return refuseCode(db, staff, ctx, 'invalid');
    if (result === 'duplicate') return fail('conflict');
    return ok(result);
  },
});
