'use client';

import type { ComponentType } from 'react';
import type { Locale } from '@/lib/i18n/types';
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
import { FlowKindContext } from './step-frame';
import type { FlowKind, RecoveryError, RecoveryMode, RecoveryView, StepProps } from './types';
import { WaitingStep } from './waiting-step';

const SCREENS = {
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
} as const;

/** The password kind's own screens for the steps both kinds have (docs/design.md#forgotten-password). */
const PASSWORD_SCREENS: Partial<Record<keyof typeof SCREENS, unknown>> = {
  intro: PasswordIntroStep,
  review: PasswordReviewStep,
};

/** Any state's screen from its view: picks the component of `view.step` (and of its kind). */
export function RecoveryScreen(props: {
  view: RecoveryView;
  /** The kind of the page (/recovery/password): its intro, whatever the view says. */
  kind?: FlowKind;
  locale: Locale;
  mode?: RecoveryMode;
  onView?: (view: RecoveryView, flash?: RecoveryError | null) => void;
  onPreviewSubmit?: (values: Record<string, unknown>) => void;
  flash?: RecoveryError | null;
  flowMinutes?: number;
}) {
  const kind = props.view.step === 'intro' ? (props.kind ?? props.view.kind) : props.view.kind;
  const Screen = ((kind === 'password' && PASSWORD_SCREENS[props.view.step]) ||
    SCREENS[props.view.step]) as ComponentType<StepProps<typeof props.view.step>>;
  return (
    <FlowKindContext.Provider value={kind}>
      <Screen {...(props as StepProps<typeof props.view.step>)} />
    </FlowKindContext.Provider>
  );
}
