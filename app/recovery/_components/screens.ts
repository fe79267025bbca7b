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
 * The one map of the flow's screens (docs/design.md#steps): each state's component, and the password kind's own
 * where it has one (docs/design.md#forgotten-password). The live /recovery loads a screen's chunk when the flow gets
 * there (recovery-flow.tsx); the staff previews render them all at once (recovery-screen.tsx).
 */
export const SCREENS: Record<RecoveryStep, { passkey: ScreenSource; password?: ScreenSource }> = {
  intro: {
    passkey: at(() => import('./intro-step'), 'IntroStep'),
    password: at(() => import('./password-intro-step'), 'PasswordIntroStep'),
  },
  credentials: { passkey: at(() => import('./credentials-step'), 'CredentialsStep') },
  secret_question: { passkey: at(() => import('./secret-question-step'), 'SecretQuestionStep') },
  account_data: { passkey: at(() => import('./account-data-step'), 'AccountDataStep') },
  otp: { passkey: at(() => import('./otp-step'), 'OtpStep') },
  review: {
    passkey: at(() => import('./review-step'), 'ReviewStep'),
    password: at(() => import('./password-review-step'), 'PasswordReviewStep'),
  },
  done: { passkey: at(() => import('./done-step'), 'DoneStep') },
  expired: { passkey: at(() => import('./ended-steps'), 'ExpiredStep') },
  locked: { passkey: at(() => import('./ended-steps'), 'LockedStep') },
  cancelled: { passkey: at(() => import('./ended-steps'), 'CancelledStep') },
  credentials_pin: { passkey: at(() => import('./credentials-pin-step'), 'CredentialsPinStep') },
  waiting: { passkey: at(() => import('./waiting-step'), 'WaitingStep') },
  new_password: { passkey: at(() => import('./new-password-step'), 'NewPasswordStep') },
};

/** The screen of a step for a flow of this kind. */
export function screenOf(step: RecoveryStep, kind: FlowKind | undefined): ScreenSource {
  const s = SCREENS[step];
  return (kind === 'password' && s.password) || s.passkey;
}

/** What every screen container passes on: a step's props, for any view. */
export type ScreenProps = Omit<StepProps<RecoveryStep>, 'view'> & { view: RecoveryView };
