/** Every screen component of the flow, by its export name (the names of screens.ts). */
export { AccountDataStep } from './account-data-step';
export { CredentialsStep } from './credentials-step';
export { DoneStep } from './done-step';
export { CredentialsPinStep } from './credentials-pin-step';
export { CancelledStep, ExpiredStep, LockedStep } from './ended-steps';
export { IntroStep } from './intro-step';
export { NewPasswordStep } from './new-password-step';
export { OtpStep } from './otp-step';
export { PasswordIntroStep } from './password-intro-step';
export { PasswordReviewStep } from './password-review-step';
export { ReviewStep } from './review-step';
export { SecretQuestionStep } from './secret-question-step';
export { WaitingStep } from './waiting-step';
