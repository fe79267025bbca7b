import { createHash, randomInt } from 'node:crypto';
import { and, asc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';
import { staffEnrollmentCodes, staffPasskeys, staffUsers, webauthnChallenges } from '../../db/schema';
import type { Db } from '../../db/client';
import { transactionWithRetry } from '../../db/tx';
import { demoStaff } from '../../db/seed/demo';
import { appendAudit } from '../audit';
import { env, appOrigin, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import type { Locale } from '../i18n/types';
import { authenticatorName } from '../passkeys/authenticators';
import { checkLimit } from '../rate-limit';
import { fail, ok, type Principal, type RequestCtx, type StaffIdentity, type StaffResult } from './guard';
import { runStaffOperation, staffOperation } from './operation';
import {
  finishEnrollmentSchema,
  finishStepUpSchema,
  issueEnrollmentCodeSchema,
  startEnrollmentSchema,
} from './schemas';
import { recordStaffStepUp } from './step-up';

/**
 * Staff passkeys (docs/design.md#staff-step-up): kept apart from customers' (own table, own
 * challenges bound to the staff member), always with user verification, registered only with a
 * one-time code another admin issued for the account. An assertion with one is the step-up that
 * state-changing staff actions require (lib/staff/step-up.ts).
 */

// Enrollment codes ------------------------------------------------------------------------------------

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
function codeHash(staffId: string, code: string): string {
  return createHash('sha256').update(`staff-enrollment:${staffId.toLowerCase()}:${code}`).digest('hex');
}

/** Under DEMO_MODE=1 the seeded demo staff (never an account made in the console) enroll without a code. */
async function mayEnrollWithoutCode(db: Db, staffId: string): Promise<boolean> {
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

// Challenges (bound to the staff member; a customer ceremony never uses one) ---------------------------

async function storeChallenge(
  db: Db,
  challenge: string,
  purpose: 'register' | 'authenticate',
  staffId: string,
  now: Date,
): Promise<string> {
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, now));
  const [row] = await db
    .insert(webauthnChallenges)
    .values({
      challenge,
      purpose,
      customerId: null,
      staffId,
      expiresAt: new Date(now.getTime() + securityPolicy().webauthnChallengeTtlMs),
    })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/** Single use: deleted before the response is verified, and only by the staff member it was made for. */
async function consumeChallenge(
  db: Db,
  id: string,
  purpose: 'register' | 'authenticate',
  staffId: string,
  now: Date,
): Promise<string | null> {
  const [row] = await db
    .delete(webauthnChallenges)
    .where(
      and(
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        eq(webauthnChallenges.staffId, staffId),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge ?? null;
}

async function activePasskeys(db: Db, staffId: string) {
  return db
    .select()
    .from(staffPasskeys)
    .where(and(eq(staffPasskeys.staffId, staffId), isNull(staffPasskeys.revokedAt)))
    .orderBy(asc(staffPasskeys.createdAt));
}

// Registration ---------------------------------------------------------------------------------------

async function findUsableCode(db: Db, staffId: string, code: string, now: Date) {
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

async function refuseCode(db: Db, staff: StaffIdentity, ctx: RequestCtx, reason: 'missing' | 'invalid') {
  await appendAudit(db, {
    actor: { type: 'staff', id: staff.id },
    action: 'staff.passkey.enroll_refused',
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details: { reason },
  });
  return fail('enrollment_code_invalid', { code: reason === 'missing' ? 'required' : 'enrollment_code_invalid' });
}

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

// Step-up --------------------------------------------------------------------------------------------

/** Options for the passkey confirmation: only this staff member's own active staff passkeys are allowed. */
export const startStaffStepUp = staffOperation({
  role: 'viewer',
  name: 'staff.step_up.start',
  run: async (db, staff, _input, { now }) => {
    if (!staff.sid) return fail('unauthenticated');
    const keys = await activePasskeys(db, staff.id);
    if (keys.length === 0) return fail('no_passkey');
    const options = await generateAuthenticationOptions({
      rpID: rpId(),
      userVerification: 'required',
      allowCredentials: keys.map((k) => ({ id: k.credentialId, transports: k.transports as AuthenticatorTransport[] })),
    });
    const challengeId = await storeChallenge(db, options.challenge, 'authenticate', staff.id, now);
    return ok({ challengeId, options });
  },
});

/**
 * Verifies the assertion (user verification required, counter checked) against one of the caller's
 * own staff passkeys, and records the step-up on the caller's own session only.
 */
export const finishStaffStepUp = staffOperation({
  role: 'viewer',
  name: 'staff.step_up.finish',
  schema: finishStepUpSchema,
  run: async (db, staff, v, { now, ...ctx }) => {
    if (!staff.sid) return fail('unauthenticated');
    const refuse = async (reason: string, credentialId: string | null) => {
      await appendAudit(db, {
        actor: { type: 'staff', id: staff.id },
        action: 'staff.step_up.failed',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { reason, credentialId },
      });
      return fail('passkey_failed');
    };
    const expectedChallenge = await consumeChallenge(db, v.challengeId, 'authenticate', staff.id, now);
    if (!expectedChallenge) return refuse('challenge_invalid', null);
    const [key] = await db
      .select()
      .from(staffPasskeys)
      .where(
        and(
          eq(staffPasskeys.credentialId, v.response.id),
          eq(staffPasskeys.staffId, staff.id),
          isNull(staffPasskeys.revokedAt),
        ),
      )
      .limit(1);
    if (!key) return refuse('unknown_credential', v.response.id);
    let newCounter: number | null = null;
    try {
      const verification = await verifyAuthenticationResponse({
        response: v.response as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: appOrigin(),
        expectedRPID: rpId(),
        requireUserVerification: true,
        credential: {
          id: key.credentialId,
          publicKey: key.publicKey,
          counter: key.counter,
          transports: key.transports as AuthenticatorTransport[],
        },
      });
      if (verification.verified) newCounter = verification.authenticationInfo.newCounter;
    } catch {
      newCounter = null;
    }
    if (newCounter === null) return refuse('verification_failed', key.credentialId);
    const outcome = await transactionWithRetry(db, async (tx) => {
      // Re-checked at write time: a passkey revoked meanwhile confirms nothing.
      const used = await tx
        .update(staffPasskeys)
        .set({ counter: newCounter, lastUsedAt: now })
        .where(and(eq(staffPasskeys.credentialId, key.credentialId), isNull(staffPasskeys.revokedAt)))
        .returning({ id: staffPasskeys.credentialId });
      if (used.length !== 1) return 'revoked' as const;
      if (!(await recordStaffStepUp(tx, staff.sid!, staff.id, now))) return 'session' as const;
      await appendAudit(tx, {
        actor: { type: 'staff', id: staff.id },
        action: 'staff.step_up.succeeded',
        ip: ctx.ip,
        userAgent: ctx.userAgent,
        details: { credentialId: key.credentialId },
      });
      return 'ok' as const;
    });
    if (outcome === 'revoked') return refuse('unknown_credential', key.credentialId);
    if (outcome === 'session') return fail('unauthenticated');
    return ok({ stepUpAt: now, validForSeconds: securityPolicy().staffStepUpSeconds });
  },
});

// Reading --------------------------------------------------------------------------------------------

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
