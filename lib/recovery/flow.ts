/**
 * The recovery flow as data (docs/design.md#steps): which step may follow which, and one pure function that decides
 * every transition. The services in this folder persist what it decides with guarded UPDATEs
 * (`… WHERE id = $1 AND step = <from> AND expires_at > $now`), so the database enforces the same
 * order even under concurrent submits. lib/recovery/README.md draws this table as a diagram.
 */

/** Also the database enum `recovery_step` (db/schema/recovery.ts): append only, so existing rows keep their order. */
export const RECOVERY_STEPS = [
  'intro',
  'credentials',
  'secret_question',
  'account_data',
  'otp',
  'review',
  'done',
  'expired',
  'locked',
  'cancelled',
  // The `password` kind (docs/design.md#forgotten-password).
  'credentials_pin',
  'waiting',
  'new_password',
] as const;
export type RecoveryStep = (typeof RECOVERY_STEPS)[number];

/**
 * `passkey`: the passkey lock-out recovery (login ID + password first). `password`: the forgotten
 * password (docs/design.md#forgotten-password) — the trading PIN first, a cooling-off wait after the
 * first code, a second code on resume, then a new password. One table, one `transition()` for both.
 */
export const FLOW_KINDS = ['passkey', 'password'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export function isFlowKind(v: unknown): v is FlowKind {
  return typeof v === 'string' && (FLOW_KINDS as readonly string[]).includes(v);
}

/** Steps where the customer proves something; a failure there counts against the flow and the account. */
export const VERIFICATION_STEPS = ['credentials', 'credentials_pin', 'secret_question', 'account_data', 'otp'] as const;
export type VerificationStep = (typeof VERIFICATION_STEPS)[number];

/** The first step of each kind: the one that binds the flow to an account (counted per login ID, no account reservation). */
export const FIRST_STEP = { passkey: 'credentials', password: 'credentials_pin' } as const satisfies Record<
  FlowKind,
  VerificationStep
>;
export type FirstStep = (typeof FIRST_STEP)[FlowKind];

export function isFirstStep(step: string): step is FirstStep {
  return step === 'credentials' || step === 'credentials_pin';
}

/** Nothing leaves these states. */
export const TERMINAL_STEPS = ['done', 'expired', 'locked', 'cancelled'] as const;
export type TerminalStep = (typeof TERMINAL_STEPS)[number];

/** The steps a customer walks through, in order, per kind (the step indicator shows these). */
export const PROGRESS_STEPS_BY_KIND = {
  passkey: ['credentials', 'secret_question', 'account_data', 'otp', 'review'],
  password: ['credentials_pin', 'secret_question', 'account_data', 'otp', 'waiting', 'new_password', 'review'],
} as const satisfies Record<FlowKind, readonly RecoveryStep[]>;

/** The passkey kind's indicator (kept for the screens that predate the password kind). */
export const PROGRESS_STEPS = PROGRESS_STEPS_BY_KIND.passkey;

/**
 * A stored flow is never at `intro`: the row is created by `start`, already at its first step. These are
 * the live steps: a lock, a cancel or a staff reset ends a flow at any of them (a waiting flow included).
 */
export const ACTIVE_STEPS = [
  'credentials',
  'secret_question',
  'account_data',
  'otp',
  'review',
  'credentials_pin',
  'waiting',
  'new_password',
] as const;
export type ActiveStep = (typeof ACTIVE_STEPS)[number];

export type RecoveryEventType =
  | 'start' // intro → the first step: a new flow row
  | 'verified' // the step's evidence was right
  | 'verified_after_wait' // password kind: the second code (after resume) was right
  | 'failed' // it was wrong: stay, or `locked` once the flow's failures reach the limit
  | 'resend' // a new emailed code (otp only)
  | 'resume' // password kind: the wait is over and the customer came back (login ID + 受付番号)
  | 'set_password' // password kind: an acceptable new password was chosen
  | 'confirm' // the customer agreed on the review page: the completion transaction
  | 'cancel' // the customer gave up (or a not-me lock, staff unlock or a completed recovery ended a waiting flow)
  | 'expire' // the flow outlived its lifetime
  | 'lock'; // the account's recovery was locked (10 failures in 24 h, or /recovery/not-me)

const LEAVE = { cancel: 'cancelled', expire: 'expired', lock: 'locked' } as const;

type Table = { readonly [S in RecoveryStep]?: Readonly<Partial<Record<RecoveryEventType, RecoveryStep>>> };

/** kind → step → event → next step. Anything not listed is refused. */
export const TRANSITIONS = {
  passkey: {
    intro: { start: 'credentials' },
    credentials: { verified: 'secret_question', failed: 'credentials', ...LEAVE },
    secret_question: { verified: 'account_data', failed: 'secret_question', ...LEAVE },
    account_data: { verified: 'otp', failed: 'account_data', ...LEAVE },
    otp: { verified: 'review', failed: 'otp', resend: 'otp', ...LEAVE },
    review: { confirm: 'done', ...LEAVE },
  },
  password: {
    intro: { start: 'credentials_pin' },
    credentials_pin: { verified: 'secret_question', failed: 'credentials_pin', ...LEAVE },
    secret_question: { verified: 'account_data', failed: 'secret_question', ...LEAVE },
    account_data: { verified: 'otp', failed: 'account_data', ...LEAVE },
    // The first code starts the cooling-off wait; after resume, the second one leads to the new password.
    otp: { verified: 'waiting', verified_after_wait: 'new_password', failed: 'otp', resend: 'otp', ...LEAVE },
    waiting: { resume: 'otp', ...LEAVE },
    new_password: { set_password: 'review', ...LEAVE },
    review: { confirm: 'done', ...LEAVE },
  },
} as const satisfies Record<FlowKind, Table>;

export function isTerminal(step: RecoveryStep): step is TerminalStep {
  return (TERMINAL_STEPS as readonly string[]).includes(step);
}

export function isVerificationStep(step: string): step is VerificationStep {
  return (VERIFICATION_STEPS as readonly string[]).includes(step);
}

export type FlowSnapshot = {
  step: RecoveryStep;
  expiresAt: Date;
  failedAttempts: number;
  /** Default `passkey` (rows before the password kind). */
  kind?: FlowKind;
  /** Password kind: when the wait ends, and whether the customer has resumed after it. */
  resumeAt?: Date | null;
  resumedAt?: Date | null;
};

export type FlowEvent =
  | { type: 'start' }
  | { type: 'verified'; step: VerificationStep }
  | { type: 'failed'; step: VerificationStep }
  | { type: 'resend' }
  | { type: 'resume' }
  | { type: 'set_password' }
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
  | 'wrong_step'
  /** Password kind: `resume` before the cooling-off wait is over (the error carries `resumeAt`). */
  | 'too_early';

export type Transition =
  | { ok: true; from: RecoveryStep; to: RecoveryStep }
  | { ok: false; reason: TransitionRefusal; step: RecoveryStep; resumeAt?: Date };

export type TransitionRules = { now: Date; maxFailures: number };

/**
 * Decides one transition. Pure: the services call it before touching the database and the guarded
 * UPDATE repeats its condition, so a concurrent change between the two is caught by the row count.
 */
export function transition(flow: FlowSnapshot, event: FlowEvent, rules: TransitionRules): Transition {
  const { step } = flow;
  const kind = flow.kind ?? 'passkey';
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
  const row: Partial<Record<RecoveryEventType, RecoveryStep>> = (TRANSITIONS[kind] as Table)[step] ?? {};
  const key: RecoveryEventType =
    event.type === 'verified' && flow.resumedAt && row.verified_after_wait ? 'verified_after_wait' : event.type;
  const to = row[key];
  if (!to) return { ok: false, reason: 'wrong_step', step };
  if (event.type === 'resume' && (!flow.resumeAt || rules.now.getTime() < flow.resumeAt.getTime())) {
    return { ok: false, reason: 'too_early', step, ...(flow.resumeAt ? { resumeAt: flow.resumeAt } : {}) };
  }
  if (event.type === 'failed' && flow.failedAttempts >= rules.maxFailures)
    return { ok: true, from: step, to: 'locked' };
  return { ok: true, from: step, to };
}

/** The step a reader should see: a live flow past its lifetime reads as `expired` (reads never write). */
export function effectiveStep(flow: Pick<FlowSnapshot, 'step' | 'expiresAt'>, now: Date): RecoveryStep {
  if (!isTerminal(flow.step) && now.getTime() >= flow.expiresAt.getTime()) return 'expired';
  return flow.step;
}

/** 1-based position in the step indicator of `kind` (0 for intro and steps not shown, length + 1 for done). */
export function progressIndex(step: RecoveryStep, kind: FlowKind = 'passkey'): number {
  const steps: readonly string[] = PROGRESS_STEPS_BY_KIND[kind];
  if (step === 'done') return steps.length + 1;
  return steps.indexOf(step) + 1;
}
