import { and, eq, isNull } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
} from '@simplewebauthn/server';
import { staffPasskeys } from '../../db/schema';
import { transactionWithRetry } from '../../db/tx';
import { appendAudit } from '../audit';
import { appOrigin, rpId } from '../config/env';
import { securityPolicy } from '../config/security';
import { fail, ok } from './guard';
import { staffOperation } from './operation';
import { activePasskeys, consumeChallenge, storeChallenge } from './passkey-challenges';
import { finishStepUpSchema } from './schemas';
import { recordStaffStepUp } from './step-up';

/** The passkey confirmation (step-up) that state-changing staff actions require (docs/design.md#staff-step-up). */

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
