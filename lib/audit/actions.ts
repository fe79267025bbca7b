/**
 * Every audit action the portal writes, in one list (docs/design.md, audit log). Writers take an
 * `AuditAction` (lib/audit appendAudit, changeWithAudit, recordRefusal), so a misspelt or new name
 * fails the type check until it is added here; readers whose behaviour depends on a name (the
 * per-account lock counts `RECOVERY_FAILURE`, the dashboard funnel reads `stepPassedAction`, the
 * security alerts read `SPRAY_ALERT`) import the same constants. Renaming one changes what old rows
 * mean: the rows already written keep the old name, so a reader must match both.
 *
 * The names are `<area>.<object>.<what happened>`, lowercase with `_`.
 */
import type { VerificationStep } from '../recovery/flow';

/** A verification step passed: one per step, `recovery.<step>.passed` (see stepPassedAction). */
const STEP_PASSED = {
  credentials: 'recovery.credentials.passed',
  credentials_pin: 'recovery.credentials_pin.passed',
  secret_question: 'recovery.secret_question.passed',
  account_data: 'recovery.account_data.passed',
  otp: 'recovery.otp.passed',
} as const satisfies Record<VerificationStep, `recovery.${VerificationStep}.passed`>;

/**
 * Refusals anyone can cause, audited through lib/audit/aggregate (the first of a window at once,
 * then one `<action>.summary` when the window closes).
 */
export const AGGREGATED_ACTIONS = [
  'staff.action.denied',
  'login.passkey.unknown_credential',
  'login.passkey.failed',
] as const;
export type AggregatedAction = (typeof AGGREGATED_ACTIONS)[number];
export type SummaryAction = `${AggregatedAction}.summary`;

export const AUDIT_ACTIONS = [
  // Customer sign-in (lib/auth) and step-up
  'login.password.failed',
  'login.password.suspended',
  'login.password.refused_locked',
  'login.password.refused_passkey',
  'login.password.succeeded',
  'login.password.resumed',
  'login.passkey.succeeded',
  'stepup.password.failed',
  'stepup.passkey.failed',
  'stepup.succeeded',
  // Customer passkeys (lib/passkeys)
  'passkey.register_failed',
  'passkey.registered',
  'passkey.renamed',
  'passkey.removed',
  // Recovery (lib/recovery)
  'recovery.started',
  'recovery.cancelled',
  'recovery.extended',
  'recovery.expired',
  'recovery.step_rejected',
  'recovery.rate_limited',
  'recovery.verification_failed',
  'recovery.flow_locked',
  'recovery.refused_account_locked',
  'recovery.refused_account_limit',
  'recovery.account_locked',
  'recovery.account_unlocked',
  'recovery.otp.resent',
  'recovery.otp.resend_refused',
  'recovery.red_flag.recent_lock',
  'recovery.complete_failed',
  'recovery.completed',
  'recovery.status_viewed',
  // The password kind (docs/design.md#forgotten-password)
  'recovery.waiting_started',
  'recovery.resumed',
  'recovery.resume_failed',
  'recovery.resume_refused_early',
  'recovery.new_password.set',
  'recovery.new_password.refused',
  'recovery.waiting_cancelled',
  'recovery.login_id_reminder.requested',
  'recovery.login_id_reminder.sent',
  ...Object.values(STEP_PASSED),
  'customer.not_me_failed',
  'customer.not_me_repeated',
  'customer.not_me_locked',
  'security.alert.account_spraying',
  // Staff (lib/staff)
  'staff.login.failed',
  'staff.login.suspended',
  'staff.login.succeeded',
  'staff.login.resumed',
  'staff.user.created',
  'staff.user.role_changed',
  'staff.user.disabled',
  'staff.user.enabled',
  'staff.customer.searched',
  'staff.customer.viewed',
  'staff.forced_reset.requested',
  'staff.forced_reset.rejected',
  'staff.forced_reset.cancelled',
  'staff.forced_reset.executed',
  'staff.passkey.code_issued',
  'staff.passkey.enroll_refused',
  'staff.passkey.registered',
  'staff.step_up.failed',
  'staff.step_up.succeeded',
  'staff.audit.full_check_requested',
  // Aggregated refusals and their window summaries (lib/audit/aggregate)
  ...AGGREGATED_ACTIONS,
  ...AGGREGATED_ACTIONS.map((a) => `${a}.summary` as const),
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const KNOWN: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export function isAuditAction(name: string): name is AuditAction {
  return KNOWN.has(name);
}

export function isAggregatedAction(name: string): name is AggregatedAction {
  return (AGGREGATED_ACTIONS as readonly string[]).includes(name);
}

/** The event written when a flow passes `step` (recovery.<step>.passed); the funnel reads the same names. */
export function stepPassedAction(step: VerificationStep): AuditAction {
  return STEP_PASSED[step];
}

/** The funnel's step-passed actions with their position (1 = credentials … 4 = otp). */
export const STEP_PASSED_POSITIONS: ReadonlyArray<readonly [AuditAction, number]> = (
  ['credentials', 'secret_question', 'account_data', 'otp'] as const satisfies readonly VerificationStep[]
).map((step, i) => [STEP_PASSED[step], i + 1] as const);

/** The summary written when an aggregation window of `action` closes. */
export function summaryAction(action: AggregatedAction): SummaryAction {
  return `${action}.summary`;
}

/** Every failed verification at steps 2–4: the per-account limit counts these rows (lib/recovery/account-lock). */
export const RECOVERY_FAILURE = 'recovery.verification_failed' satisfies AuditAction;
/** Many login IDs failing from one IP (lib/recovery/red-flags); the staff dashboard lists them. */
export const SPRAY_ALERT = 'security.alert.account_spraying' satisfies AuditAction;
/** A recovery started shortly after an account lock ended (lib/recovery/red-flags). */
export const RECENT_LOCK = 'recovery.red_flag.recent_lock' satisfies AuditAction;
