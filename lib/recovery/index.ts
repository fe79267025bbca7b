/**
 * lib/recovery — the recovery flow (docs/design.md, docs/threat-model.md), one implementation for the web steps, the JSON API
 * and the staff console. See README.md for the state diagram.
 */
export * from './flow';
export * from './types';
export {
  startFlow, submitCredentials, submitCredentialsPin, submitSecretAnswer, submitAccountData, cancelFlow, type StartedFlow, type StepPassed,
} from './steps';
export { resumeFlow, submitNewPassword, cancelWaitingFlows, type Resumed } from './password-reset';
export { requestLoginIdReminder } from './login-id';
export { submitOtp, resendOtp, type OtpResent } from './otp';
export { completeFlow } from './completion';
export { loadFlow as findFlowByToken } from './flow-store';
export { describeFlow, describeLoadedFlow } from './view';
export { lookupRecoveryStatus, reportNotMe, type RecoveryStatus } from './status';
export { recordAccountFailure, unlockRecovery, isAccountLocked, FAILURE_ACTION } from './account-lock';
export { recoveryPreviewViews, passwordPreviewViews, PREVIEW_STEPS } from './preview';
export {
  revokePasskeysAndEnablePassword, prepareLockCode, newReferenceNumber, type LoginResetParams,
} from './reset';
export { normalizeAnswer } from './normalize';
export { hashFlowToken, webauthnUserId } from './tokens';
