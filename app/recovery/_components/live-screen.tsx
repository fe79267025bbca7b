'use client';

import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError, RecoveryMode, RecoveryStep, RecoveryView, StepProps } from './types';

/*
 * One chunk per screen (docs/design.md#steps): the page downloads the code and the words of the step it shows, and
 * the next step's when the flow gets there. Server-rendered as ever, so nothing changes without JavaScript.
 */
type Screen = ComponentType<StepProps<RecoveryStep>>;
const screen = (load: () => Promise<Screen>) => dynamic(load);
const SCREENS: Record<RecoveryStep, Screen> = {
  intro: screen(() => import('./intro-step').then((m) => m.IntroStep as Screen)),
  credentials: screen(() => import('./credentials-step').then((m) => m.CredentialsStep as Screen)),
  secret_question: screen(() => import('./secret-question-step').then((m) => m.SecretQuestionStep as Screen)),
  account_data: screen(() => import('./account-data-step').then((m) => m.AccountDataStep as Screen)),
  otp: screen(() => import('./otp-step').then((m) => m.OtpStep as Screen)),
  review: screen(() => import('./review-step').then((m) => m.ReviewStep as Screen)),
  done: screen(() => import('./done-step').then((m) => m.DoneStep as Screen)),
  expired: screen(() => import('./ended-steps').then((m) => m.ExpiredStep as Screen)),
  locked: screen(() => import('./ended-steps').then((m) => m.LockedStep as Screen)),
  cancelled: screen(() => import('./ended-steps').then((m) => m.CancelledStep as Screen)),
  credentials_pin: screen(() => import('./credentials-pin-step').then((m) => m.CredentialsPinStep as Screen)),
  waiting: screen(() => import('./waiting-step').then((m) => m.WaitingStep as Screen)),
  new_password: screen(() => import('./new-password-step').then((m) => m.NewPasswordStep as Screen)),
};

/** The password kind's own screens for the steps both kinds have. */
const PASSWORD_SCREENS: Partial<Record<RecoveryStep, Screen>> = {
  intro: screen(() => import('./password-intro-step').then((m) => m.PasswordIntroStep as Screen)),
  review: screen(() => import('./password-review-step').then((m) => m.PasswordReviewStep as Screen)),
};

/**
 * The live /recovery's screen from its view, loading each step's chunk when it is needed (the staff previews render
 * every step at once and use RecoveryScreen, which imports them all).
 */
export function LiveRecoveryScreen(props: {
  view: RecoveryView;
  locale: Locale;
  mode?: RecoveryMode;
  onView?: (view: RecoveryView, flash?: RecoveryError | null) => void;
  onPreviewSubmit?: (values: Record<string, unknown>) => void;
  flash?: RecoveryError | null;
  flowMinutes?: number;
}) {
  const Screen = ((props.view.kind === 'password' && PASSWORD_SCREENS[props.view.step]) ||
    SCREENS[props.view.step]) as ComponentType<StepProps<typeof props.view.step>>;
  return <Screen {...(props as StepProps<typeof props.view.step>)} />;
}
