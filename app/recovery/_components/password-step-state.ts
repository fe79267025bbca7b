import type { ActionState } from '@/lib/forms/action-state';
import type { RecoveryError, RecoveryView } from '@/lib/recovery/types';

/**
 * What the password kind's form actions answer (lib/forms ActionState): the next screen on success; on a
 * refusal the error, the field errors, the screen the flow is at now (it may have moved on: expired,
 * locked) and the harmless values to put back in the form (never a PIN or a password). `n` counts
 * refusals so the same message is announced again.
 */
export type PasswordStepState = ActionState<
  { view: RecoveryView },
  RecoveryError,
  { view?: RecoveryView; values?: Record<string, string>; n?: number }
>;
