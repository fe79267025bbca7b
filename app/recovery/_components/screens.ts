import type { ComponentType } from 'react';
import type { FlowKind, RecoveryStep, RecoveryView, StepProps } from './types';

export type Screen = ComponentType<StepProps<RecoveryStep>>;

/** Where a screen lives: its module (loaded on demand by the live /recovery) and the component's export name. */
export type ScreenSource = { load: () => Promise<Screen>; name: string };

const at = <M>(load: () => Promise<M>, name: keyof M & string): ScreenSource => ({
  load: () => load().then((m) => m[name] as Screen),
  name,
});

/**
 * The one map of the flow's screens (docs/design.md#steps): each state's component (and, below, the password kind's
 * own where it has one). The live /recovery loads a screen's chunk when the flow gets
 * there (recovery-flow.tsx); the staff previews render them all at once (recovery-screen.tsx).
 */
export const SCREENS: Record<RecoveryStep, ScreenSource> = {
  intro: at(() => import('./intro-step'), 'IntroStep'),
  credentials: at(() => import('./credentials-step'), 'CredentialsStep'),
  secret_question: at(() => import('./secret-question-step'), 'SecretQuestionStep'),
  account_data: at(() => import('./account-data-step'), 'AccountDataStep'),
  otp: at(() => import('./otp-step'), 'OtpStep'),
  review: at(() => import('./review-step'), 'ReviewStep'),
  done: at(() => import('./done-step'), 'DoneStep'),
  expired: at(() => import('./ended-steps'), 'ExpiredStep'),
  locked: at(() => import('./ended-steps'), 'LockedStep'),
  cancelled: at(() => import('./ended-steps'), 'CancelledStep'),
  credentials_pin: at(() => import('./credentials-pin-step'), 'CredentialsPinStep'),
  waiting: at(() => import('./waiting-step'), 'WaitingStep'),
  new_password: at(() => import('./new-password-step'), 'NewPasswordStep'),
};

/** The password kind's own screens for the steps both kinds have (docs/design.md#forgotten-password). */
export const PASSWORD_SCREENS: Partial<Record<RecoveryStep, ScreenSource>> = {
  intro: at(() => import('./password-intro-step'), 'PasswordIntroStep'),
  review: at(() => import('./password-review-step'), 'PasswordReviewStep'),
};

/** The screen of a step for a flow of this kind. */
export function screenOf(step: RecoveryStep, kind: FlowKind | undefined): ScreenSource {
  return (kind === 'password' && PASSWORD_SCREENS[step]) || SCREENS[step];
}

/** What every screen container passes on: a step's props, for any view. */
export type ScreenProps = Omit<StepProps<RecoveryStep>, 'view'> & { view: RecoveryView };
