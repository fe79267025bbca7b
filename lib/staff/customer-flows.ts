import { desc, eq } from 'drizzle-orm';
import { recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import { ACTIVE_STEPS, type FlowKind } from '../recovery/flow';

/** A recovery flow as the customer page lists it: never its token, code or new-password hash. */
export type FlowView = {
  id: string;
  /** `passkey` (passkey removal) or `password` (forgotten password, docs/design.md#forgotten-password). */
  kind: FlowKind;
  step: string;
  channel: string;
  failedAttempts: number;
  otpAttempts: number;
  otpSends: number;
  passwordVerified: boolean;
  /** Password kind: the trading PIN (取引暗証番号) was verified. */
  pinVerified: boolean;
  otpVerified: boolean;
  createdAt: Date;
  expiresAt: Date;
  completedAt: Date | null;
  referenceNumber: string | null;
  /** Password kind: when its cooling-off wait ends (the customer may resume from then), or null. */
  resumeAt: Date | null;
  /** Password kind: when the customer came back after the wait, or null. */
  resumedAt: Date | null;
  /** In its wait now: at `waiting` and not lapsed. */
  waiting: boolean;
  /** Still at an open step past its expiry. */
  lapsed: boolean;
};

/** A customer's last 50 flows of both kinds, newest first. */
export async function customerFlows(db: Db, customerId: string, now: Date): Promise<FlowView[]> {
  const rows = await db
    .select({
      id: recoveryFlows.id,
      kind: recoveryFlows.kind,
      step: recoveryFlows.step,
      channel: recoveryFlows.channel,
      failedAttempts: recoveryFlows.failedAttempts,
      otpAttempts: recoveryFlows.otpAttempts,
      otpSends: recoveryFlows.otpSends,
      passwordVerifiedAt: recoveryFlows.passwordVerifiedAt,
      pinVerifiedAt: recoveryFlows.pinVerifiedAt,
      otpVerifiedAt: recoveryFlows.otpVerifiedAt,
      resumeAt: recoveryFlows.resumeAt,
      resumedAt: recoveryFlows.resumedAt,
      createdAt: recoveryFlows.createdAt,
      expiresAt: recoveryFlows.expiresAt,
      completedAt: recoveryFlows.completedAt,
      referenceNumber: recoveryFlows.referenceNumber,
    })
    .from(recoveryFlows)
    .where(eq(recoveryFlows.customerId, customerId))
    .orderBy(desc(recoveryFlows.createdAt))
    .limit(50);
  return rows.map((f) => {
    const lapsed = (ACTIVE_STEPS as readonly string[]).includes(f.step) && f.expiresAt <= now;
    return {
      id: f.id,
      kind: f.kind,
      step: f.step,
      channel: f.channel,
      failedAttempts: f.failedAttempts,
      otpAttempts: f.otpAttempts,
      otpSends: f.otpSends,
      passwordVerified: !!f.passwordVerifiedAt,
      pinVerified: !!f.pinVerifiedAt,
      otpVerified: !!f.otpVerifiedAt,
      createdAt: f.createdAt,
      expiresAt: f.expiresAt,
      completedAt: f.completedAt,
      referenceNumber: f.referenceNumber,
      resumeAt: f.resumeAt,
      resumedAt: f.resumedAt,
      waiting: f.step === 'waiting' && !lapsed,
      lapsed,
    };
  });
}
