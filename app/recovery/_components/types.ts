import type { ActionState } from '@/lib/forms/action-state';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryStep } from '@/lib/recovery/flow';
import type { FlowKind, RecoveryError, RecoveryView, ViewOf } from '@/lib/recovery/types';

/** The flow token's cookie: httpOnly, SameSite=Strict, Secure in production, path /recovery. */
export const RECOVERY_COOKIE = 'lhp_recovery';

/**
 * `live`: the customer's /recovery — submits call the server actions.
 * `preview`: the staff console — forms validate, but nothing is sent and nothing is written.
 */
export type RecoveryMode = 'live' | 'preview';

export type StepProps<S extends RecoveryStep> = {
  view: ViewOf<S>;
  locale: Locale;
  /** Defaults to `live`. */
  mode?: RecoveryMode;
  /** Live: receives the next screen after an action (RecoveryFlow swaps the step with it). */
  onView?: (view: RecoveryView, flash?: RecoveryError | null) => void;
  /** Preview: receives the values that would have been submitted. Nothing is sent. */
  onPreviewSubmit?: (values: Record<string, unknown>) => void;
  /** A message carried over from the previous screen (e.g. the flow moved on or expired meanwhile). */
  flash?: RecoveryError | null;
  /** The flow's lifetime in minutes (FLOW_TTL_SECONDS), for the words that name it; 15 by default. */
  flowMinutes?: number;
};

/**
 * What every /recovery server action returns (`useActionState`'s state): idle before the first submit, the next
 * screen, or field errors and the refusal — with the screen the flow is at now when it moved meanwhile.
 */
export type StepActionResult = ActionState<{ view: RecoveryView }, RecoveryError, { view?: RecoveryView }>;

/** A step's server action as `<form action>` and `useActionState` call it. */
export type StepAction = (prev: StepActionResult, form: FormData) => Promise<StepActionResult>;

export type { RecoveryView, RecoveryStep, RecoveryError, ViewOf, FlowKind };
