'use client';

import type { ComponentType } from 'react';
import type { Locale } from '@/lib/i18n/types';
import { AccountDataStep } from './account-data-step';
import { CredentialsStep } from './credentials-step';
import { DoneStep } from './done-step';
import { CancelledStep, ExpiredStep, LockedStep } from './ended-steps';
import { IntroStep } from './intro-step';
import { OtpStep } from './otp-step';
import { CredentialsPinStep, NewPasswordStep, WaitingStep } from './password-steps';
import { ReviewStep } from './review-step';
import { SecretQuestionStep } from './secret-question-step';
import type { RecoveryError, RecoveryMode, RecoveryView, StepProps } from './types';

const SCREENS = {
  intro: IntroStep, credentials: CredentialsStep, secret_question: SecretQuestionStep, account_data: AccountDataStep,
  otp: OtpStep, review: ReviewStep, done: DoneStep, expired: ExpiredStep, locked: LockedStep, cancelled: CancelledStep,
  credentials_pin: CredentialsPinStep, waiting: WaitingStep, new_password: NewPasswordStep,
} as const;

/** Any state's screen from its view: picks the component of `view.step`. */
export function RecoveryScreen(props: {
  view: RecoveryView;
  locale: Locale;
  mode?: RecoveryMode;
  onView?: (view: RecoveryView, flash?: RecoveryError | null) => void;
  onPreviewSubmit?: (values: Record<string, unknown>) => void;
  flash?: RecoveryError | null;
  flowMinutes?: number;
}) {
  const Screen = SCREENS[props.view.step] as ComponentType<StepProps<typeof props.view.step>>;
  return <Screen {...(props as StepProps<typeof props.view.step>)} />;
}
