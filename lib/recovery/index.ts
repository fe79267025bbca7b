/**
 * lib/recovery — the recovery flow (docs/design.md, docs/threat-model.md), one implementation for the web steps, the JSON API
 * and the staff console. See README.md for the state diagram.
 */
export * from './flow';
export * from './types';
import * as steps from './steps';
import * as otp from './otp';
import * as pw from './password-reset';
import * as loginId from './login-id';
import { completeFlow as complete } from './completion';
import { countRecoveryStep } from '../metrics';
import type { RecoveryResult } from './types';

export { type StartedFlow, type StepPassed } from './steps';
export { type OtpResent } from './otp';

/** A step whose every outcome (ok, or its error code) is counted for /api/metrics. */
function counted<A extends unknown[], T>(
  step: string,
  fn: (...args: A) => Promise<RecoveryResult<T>>,
): (...args: A) => Promise<RecoveryResult<T>> {
  return async (...args: A) => {
    const result = await fn(...args);
    countRecoveryStep(step, result);
    return result;
  };
}

export const startFlow = counted('start', steps.startFlow);
export const submitCredentials = counted('credentials', steps.submitCredentials);
export const submitSecretAnswer = counted('secret_question', steps.submitSecretAnswer);
export const submitAccountData = counted('account_data', steps.submitAccountData);
export const cancelFlow = counted('cancel', steps.cancelFlow);
export const submitOtp = counted('otp', otp.submitOtp);
export const resendOtp = counted('otp_resend', otp.resendOtp);
export const completeFlow = counted('complete', complete);
export const submitCredentialsPin = counted('credentials_pin', steps.submitCredentialsPin);
export const resumeFlow = counted('resume', pw.resumeFlow);
export const submitNewPassword = counted('new_password', pw.submitNewPassword);
export const requestLoginIdReminder = counted('login_id_reminder', loginId.requestLoginIdReminder);
export { cancelWaitingFlows, type Resumed } from './password-reset';
export { loadFlow as findFlowByToken } from './flow-store';
export { describeFlow, describeLoadedFlow } from './view';
export { lookupRecoveryStatus, reportNotMe, type RecoveryStatus } from './status';
export { recordAccountFailure, unlockRecovery, isAccountLocked, FAILURE_ACTION } from './account-lock';
export { recoveryPreviewViews, passwordPreviewViews, PREVIEW_STEPS } from './preview';
export { revokePasskeysAndEnablePassword, prepareLockCode, newReferenceNumber, type LoginResetParams } from './reset';
export { normalizeAnswer } from './normalize';
export { hashFlowToken, webauthnUserId } from './tokens';
