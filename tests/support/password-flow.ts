import { eq } from 'drizzle-orm';
import { customers, recoveryFlows } from '../../db/schema';
import type { Db } from '../../db/client';
import { hashSecret } from '../../lib/auth/password';
import {
  resumeFlow,
  startFlow,
  submitAccountData,
  submitCredentialsPin,
  submitOtp,
  submitSecretAnswer,
  type RecoveryContext,
} from '../../lib/recovery';
import { createCustomer, ctxFor, latestOtp, type TestCustomer } from './recovery-helpers';

/** Drivers for the password kind (docs/design.md#forgotten-password): a customer with a PIN, a flow walked to a step. */

export const PIN = '4826';
let pinHash: Promise<string> | undefined;

export type PinCustomer = TestCustomer & { pin: string };

export async function createPinCustomer(
  db: Db,
  opts: { passkeyCount?: number; loginId?: string } = {},
): Promise<PinCustomer> {
  const c = await createCustomer(db, opts);
  pinHash ??= hashSecret(PIN);
  await db
    .update(customers)
    .set({ tradingPinHash: await pinHash })
    .where(eq(customers.id, c.id));
  return { ...c, pin: PIN };
}

export type PasswordStep =
  | 'credentials_pin'
  | 'secret_question'
  | 'account_data'
  | 'otp'
  | 'waiting'
  | 'resumed_otp'
  | 'new_password'
  | 'review';

export type PasswordReached = {
  token: string;
  flowId: string;
  ctx: RecoveryContext;
  referenceNumber?: string;
  resumeAt?: Date;
  /** A context whose clock stands at the end of the wait (for resume and the steps after it). */
  later?: RecoveryContext;
};

const ORDER: PasswordStep[] = [
  'credentials_pin',
  'secret_question',
  'account_data',
  'otp',
  'waiting',
  'resumed_otp',
  'new_password',
  'review',
];
export const STRONG_PASSWORD = 'tsuki-ga-kirei-desu-ne-42';

function ok(r: { ok: boolean; error?: unknown }, what: string): void {
  if (!r.ok) throw new Error(`${what} failed: ${JSON.stringify(r.error)}`);
}

/** Starts a password-kind flow and passes every step before `step`; past `waiting` the clock is at the end of the wait. */
export async function passwordFlowAt(
  db: Db,
  c: PinCustomer,
  step: PasswordStep,
  ctx = ctxFor(),
): Promise<PasswordReached> {
  const started = await startFlow(db, ctx, { kind: 'password' });
  if (!started.ok) throw new Error(`start failed: ${JSON.stringify(started.error)}`);
  const out: PasswordReached = { token: started.value.flowToken, flowId: started.value.flowId, ctx };
  for (const s of ORDER) {
    if (s === step) break;
    const cur = out.later ?? ctx;
    if (s === 'credentials_pin')
      ok(await submitCredentialsPin(db, out.token, { loginId: c.loginId, tradingPin: c.pin }, cur), s);
    if (s === 'secret_question') ok(await submitSecretAnswer(db, out.token, { answer: c.answer }, cur), s);
    if (s === 'account_data')
      ok(
        await submitAccountData(
          db,
          out.token,
          { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber },
          cur,
        ),
        s,
      );
    if (s === 'otp' || s === 'resumed_otp')
      ok(await submitOtp(db, out.token, { code: await latestOtp(db, c.email) }, cur), s);
    if (s === 'otp') {
      // Now waiting: its 受付番号, the end of the wait, and a clock standing just after it.
      const [row] = await db.select().from(recoveryFlows).where(eq(recoveryFlows.id, out.flowId));
      out.referenceNumber = row.referenceNumber!;
      out.resumeAt = row.resumeAt!;
      out.later = { ...ctx, now: new Date(row.resumeAt!.getTime() + 1000) };
    }
    if (s === 'waiting') {
      const resumed = await resumeFlow(db, { loginId: c.loginId, referenceNumber: out.referenceNumber! }, out.later!);
      ok(resumed, s);
      if (resumed.ok) out.token = resumed.value.flowToken;
    }
    if (s === 'new_password') {
      const { submitNewPassword } = await import('../../lib/recovery');
      ok(
        await submitNewPassword(
          db,
          out.token,
          { password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD },
          out.later!,
        ),
        s,
      );
    }
  }
  return out;
}
