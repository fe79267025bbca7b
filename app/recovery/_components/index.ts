/**
 * The screens of the recovery flow, as presentational components: every state of docs/design.md#steps takes its
 * data (a `RecoveryView`) and the locale as props. /recovery renders them live through RecoveryFlow;
 * the staff console renders the very same components with `mode="preview"` and sample data from
 * `recoveryPreviewViews(locale)` (lib/recovery/preview.ts) — in preview nothing is submitted, so
 * nothing is written.
 *
 *   import { RecoveryScreen, OtpStep } from '@/app/recovery/_components';
 *   import { recoveryPreviewViews } from '@/lib/recovery/preview';
 *   const views = recoveryPreviewViews('ja');
 *   <RecoveryScreen view={views.otp} locale="ja" mode="preview" />
 *   // or one step explicitly: <OtpStep view={views.otp} locale="en" mode="preview" />
 */
export { RecoveryScreen } from './recovery-screen';
export { RecoveryFlow } from './recovery-flow';
export { StepIndicator, HELP_SLUGS } from './step-frame';
export type { StepProps, RecoveryMode, StepActionResult, RecoveryView } from './types';
export * from './steps';
export { SCREENS } from './screens';
