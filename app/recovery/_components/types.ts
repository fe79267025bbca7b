import type { Locale } from '@/lib/i18n/types';
import type { RecoveryStep } from '@/lib/recovery/flow';
import type { RecoveryError, RecoveryView, ViewOf } from '@/lib/recovery/types';

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
};

/** What every /recovery server action returns. */
export type StepActionResult =
  | { ok: true; data: { view: RecoveryView } }
  | { ok: false; fieldErrors: Record<string, string>; formError: RecoveryError | null; view?: RecoveryView };

export type { RecoveryView, RecoveryStep, RecoveryError, ViewOf };
