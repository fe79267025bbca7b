import type { Locale } from '../types';
import { recoveryAccountData } from './recovery-account-data';
import { recoveryCommon, recoveryErrorMessage } from './recovery-common';
import { recoveryPages } from './recovery-pages';
import { recoveryCredentials } from './recovery-credentials';
import { recoveryDone } from './recovery-done';
import { recoveryEnded } from './recovery-ended';
import { recoveryIntro } from './recovery-intro';
import { recoveryOtp } from './recovery-otp';
import { recoveryReview } from './recovery-review';
import { recoverySecretQuestion } from './recovery-secret-question';

/**
 * Copy of the recovery portal (/recovery, /recovery/status, /recovery/not-me) and its JSON API errors.
 * The customer is locked out and worried: short sentences, say what happens next, never blame (docs/copy-style.md).
 *
 * The steps of /recovery keep their words in recovery-<step>.ts and the shared ones in recovery-common.ts, so each
 * client component ships only its own slice. This file joins them (server code, the API, the staff console) and
 * re-exports the words of /recovery/status, /recovery/not-me and the demo mailbox (recovery-pages.ts).
 */
function join(locale: Locale) {
  return {
    ...recoveryCommon[locale],
    intro: recoveryIntro[locale],
    credentials: recoveryCredentials[locale],
    secretQuestion: recoverySecretQuestion[locale],
    accountData: recoveryAccountData[locale],
    otp: recoveryOtp[locale],
    review: recoveryReview[locale],
    done: recoveryDone[locale],
    ...recoveryEnded[locale],
    ...recoveryPages[locale],
  };
}

export const recoveryMessages: Record<Locale, ReturnType<typeof join>> = { ja: join('ja'), en: join('en') };

export type RecoveryMessages = (typeof recoveryMessages)['ja'];

export { recoveryErrorMessage };
