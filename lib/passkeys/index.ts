/**
 * Customer passkeys, split by job: registration (add one, step-up guarded), assertion (sign in
 * with one, or step up with one), management (list, rename, remove) and the notice of a change.
 * Staff passkeys are lib/staff/passkeys.ts.
 */
export { PasskeyError, type CustomerGuard } from './types';
export { startRegistration, finishRegistration } from './registration';
export {
  startAuthentication,
  finishAuthentication,
  startStepUpAuthentication,
  verifyStepUpAssertion,
} from './assertion';
export { listPasskeys, renamePasskey, removePasskey } from './management';
