/**
 * The screens of the recovery flow, as presentational components: every state of docs/design.md#steps takes its
 * data (a `RecoveryView`) and the locale as props. /recovery renders them live through RecoveryFlow;
 * the staff console renders the very same components with `mode="preview"` and sample data from
 * `recoveryPreviewViews(locale)` (lib/recovery/preview.ts) — in preview nothing is submitted, so
 * nothing is written.
 *
 *   import { RecoveryScreen, RecoveryStepView } from '@/app/recovery/_components';
 *   import { recoveryPreviewViews } from '@/lib/recovery/preview';
 *   const views = recoveryPreviewViews('ja');
 *   <RecoveryScreen view={views.otp} locale="ja" mode="preview" />
 *   // or one step explicitly: <RecoveryStepView.otp view={views.otp} locale="en" mode="preview" />
 */
import type { ComponentType } from 'react';
import type { RecoveryStep } from '@/lib/recovery/flow';
import { AccountDataStep } from './account-data-step';
import { CredentialsStep } from './credentials-step';
import { DoneStep } from './done-step';
import { CredentialsPinStep } from './credentials-pin-step';
import { CancelledStep, ExpiredStep, LockedStep } from './ended-steps';
import { IntroStep } from './intro-step';
import { NewPasswordStep } from './new-password-step';
import { OtpStep } from './otp-step';
import { PasswordIntroStep } from './password-intro-step';
import { PasswordReviewStep } from './password-review-step';
import { ReviewStep } from './review-step';
import { SecretQuestionStep } from './secret-question-step';
import type { StepProps } from './types';
import { WaitingStep } from './waiting-step';

export const RecoveryStepView: { [S in RecoveryStep]: ComponentType<StepProps<S>> } = {
  intro: IntroStep,
  credentials: CredentialsStep,
  secret_question: SecretQuestionStep,
  account_data: AccountDataStep,
  otp: OtpStep,
  review: ReviewStep,
  done: DoneStep,
  expired: ExpiredStep,
  locked: LockedStep,
  cancelled: CancelledStep,
  credentials_pin: CredentialsPinStep,
  waiting: WaitingStep,
  new_password: NewPasswordStep,
};

export { RecoveryScreen } from './recovery-screen';
export { RecoveryFlow } from './recovery-flow';
export { StepIndicator, HELP_SLUGS } from './step-frame';
export type { StepProps, RecoveryMode, StepActionResult, RecoveryView } from './types';
export {
  AccountDataStep,
  CredentialsStep,
  DoneStep,
  CancelledStep,
  ExpiredStep,
  LockedStep,
  IntroStep,
  OtpStep,
  ReviewStep,
  SecretQuestionStep,
  CredentialsPinStep,
  WaitingStep,
  NewPasswordStep,
  PasswordIntroStep,
  PasswordReviewStep,
};
