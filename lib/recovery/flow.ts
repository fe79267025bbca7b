/**
 * The recovery flow as data (docs/design.md#steps): which step may follow which, and one pure function that decides
 * every transition. The services in this folder persist what it decides with guarded UPDATEs
 * (`… WHERE id = $1 AND step = <from> AND expires_at > $now`), so the database enforces the same
 * order even under concurrent submits. lib/recovery/README.md draws this table as a diagram.
 */

export const RECOVERY_STEPS = [
  'intro', 'credentials', 'secret_question', 'account_data', 'otp', 'review', 'done',
  'expired', 'locked', 'cancelled',
] as const;
export type RecoveryStep = (typeof RECOVERY_STEPS)[number];

/** Steps where the customer proves something; a failure there counts against the flow and the account. */
export const VERIFICATION_STEPS = ['credentials', 'secret_question', 'account_data', 'otp'] as const;
export type VerificationStep = (typeof VERIFICATION_STEPS)[number];

/** Nothing leaves these states. */
export const TERMINAL_STEPS = ['done', 'expired', 'locked', 'cancelled'] as const;
export type TerminalStep = (typeof TERMINAL_STEPS)[number];

/** The steps a customer walks through, in order (the step indicator shows these). */
export const PROGRESS_STEPS = ['credentials', 'secret_question', 'account_data', 'otp', 'review'] as const;

/** A stored flow is never at `intro`: the row is created by `start`, already at `credentials`. */
export const ACTIVE_STEPS = ['credentials', 'secret_question', 'account_data', 'otp', 'review'] as const;
export type ActiveStep = (typeof ACTIVE_STEPS)[number];

export type RecoveryEventType =
  | 'start' // intro → credentials: a new flow row
  | 'verified' // the step's evidence was right
  | 'failed' // it was wrong: stay, or `locked` once the flow's failures reach the limit
  | 'resend' // a new emailed code (otp only)
  | 'confirm' // the customer agreed on the review page: the completion transaction
  | 'cancel' // the customer gave up
  | 'expire' // the flow outlived its lifetime
  | 'lock'; // the account's recovery was locked (10 failures in 24 h, or /recovery/not-me)

const LEAVE = { cancel: 'cancelled', expire: 'expired', lock: 'locked' } as const;

/** step → event → next step. Anything not listed is refused. */
export const TRANSITIONS: { readonly [S in RecoveryStep]: Readonly<Partial<Record<RecoveryEventType, RecoveryStep>>> } = {
  intro: { start: 'credentials' },
  credentials: { verified: 'secret_question', failed: 'credentials', ...LEAVE },
  secret_question: { verified: 'account_data', failed: 'secret_question', ...LEAVE },
  account_data: { verified: 'otp', failed: 'account_data', ...LEAVE },
  otp: { verified: 'review', failed: 'otp', resend: 'otp', ...LEAVE },
  review: { confirm: 'done', ...LEAVE },
  done: {},
  expired: {},
  locked: {},
  cancelled: {},
};

export function isTerminal(step: RecoveryStep): step is TerminalStep {
  return (TERMINAL_STEPS as readonly string[]).includes(step);
}

export function isVerificationStep(step: string): step is VerificationStep {
  return (VERIFICATION_STEPS as readonly string[]).includes(step);
}

export type FlowSnapshot = { step: RecoveryStep; expiresAt: Date; failedAttempts: number };

export type FlowEvent =
  | { type: 'start' }
  | { type: 'verified'; step: VerificationStep }
  | { type: 'failed'; step: VerificationStep }
  | { type: 'resend' }
  | { type: 'confirm' }
  | { type: 'cancel' }
  | { type: 'expire' }
  | { type: 'lock' };

export type TransitionRefusal =
  /** The flow is past its lifetime (persist `expired` if it is not yet). */
  | 'expired'
  /** The flow (or the account's recovery) is locked. */
  | 'locked'
  /** The flow is completed: a repeated `confirm` gets the stored result, anything else `wrong_step`. */
  | 'finished'
  /** Not this step's turn. */
  | 'wrong_step';

export type Transition =
  | { ok: true; from: RecoveryStep; to: RecoveryStep }
  | { ok: false; reason: TransitionRefusal; step: RecoveryStep };

export type TransitionRules = { now: Date; maxFailures: number };

/**
 * Decides one transition. Pure: the services call it before touching the database and the guarded
 * UPDATE repeats its condition, so a concurrent change between the two is caught by the row count.
 */
export function transition(flow: FlowSnapshot, event: FlowEvent, rules: TransitionRules): Transition {
  const { step } = flow;
  if (step === 'locked') return { ok: false, reason: 'locked', step };
  if (step === 'expired') return { ok: false, reason: 'expired', step };
  if (step === 'done') return { ok: false, reason: 'finished', step };
  if (step === 'cancelled') return { ok: false, reason: 'wrong_step', step };
  if (step !== 'intro' && event.type !== 'expire' && rules.now.getTime() >= flow.expiresAt.getTime()) {
    return { ok: false, reason: 'expired', step };
  }
  if ((event.type === 'verified' || event.type === 'failed') && event.step !== step) {
    return { ok: false, reason: 'wrong_step', step };
  }
  const to = TRANSITIONS[step][event.type];
  if (!to) return { ok: false, reason: 'wrong_step', step };
  if (event.type === 'failed' && flow.failedAttempts >= rules.maxFailures) return { ok: true, from: step, to: 'locked' };
  return { ok: true, from: step, to };
}

/** The step a reader should see: a live flow past its lifetime reads as `expired` (reads never write). */
export function effectiveStep(flow: Pick<FlowSnapshot, 'step' | 'expiresAt'>, now: Date): RecoveryStep {
  if (!isTerminal(flow.step) && now.getTime() >= flow.expiresAt.getTime()) return 'expired';
  return flow.step;
}

/** 1-based position in the step indicator (0 for intro, PROGRESS_STEPS.length + 1 for done). */
export function progressIndex(step: RecoveryStep): number {
  if (step === 'done') return PROGRESS_STEPS.length + 1;
  return (PROGRESS_STEPS as readonly string[]).indexOf(step) + 1;
}
