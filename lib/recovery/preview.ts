import { env } from '../config/env';
import type { Locale } from '../i18n/types';
import { authenticatorName } from '../passkeys/authenticators';
import { RECOVERY_STEPS, type RecoveryStep } from './flow';
import type { RecoveryView } from './types';

/**
 * Sample data for every state of the flow, for the staff console's previews (docs/design.md#preview): the very
 * components of /recovery render these with `mode="preview"`. Pure — no database, nothing written.
 * The data is fictitious and already masked, as a real screen would show it.
 */
export function recoveryPreviewViews(locale: Locale, now: Date = new Date()): { [S in RecoveryStep]: Extract<RecoveryView, { step: S }> } {
  const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const live = { expiresAt: iso(12 * 60_000), attemptsLeft: 5 };
  return {
    intro: { step: 'intro' },
    credentials: { step: 'credentials', ...live },
    secret_question: { step: 'secret_question', ...live, question: '初めて飼ったペットの名前は？' },
    account_data: { step: 'account_data', ...live, attemptsLeft: 4 },
    otp: {
      step: 'otp', ...live, maskedEmail: 't***@example.jp',
      otp: { codeExpiresAt: iso(10 * 60_000), triesLeft: 3, sendsLeft: 2, resendAvailableAt: iso(45_000) },
    },
    review: {
      step: 'review', ...live,
      passkeys: [
        { nickname: 'iPhone（取引アプリ）', authenticator: authenticatorName('fbfc3007-154e-4ecc-8c0b-6e020557d7bd', locale), createdAt: '2026-10-01T01:23:00.000Z', lastUsedAt: '2026-11-20T12:05:00.000Z' },
        { nickname: 'Android（取引アプリ）', authenticator: authenticatorName('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', locale), createdAt: '2026-10-08T01:23:00.000Z', lastUsedAt: null },
      ],
    },
    done: {
      step: 'done',
      result: { referenceNumber: 'R-20261125-7KQ4M2', completedAt: now.toISOString(), revokedPasskeys: 2, passwordLoginEnabled: true },
      signal: null,
    },
    expired: { step: 'expired' },
    locked: { step: 'locked', supportPhone: env().SUPPORT_PHONE },
    cancelled: { step: 'cancelled' },
  };
}

/** Every state in flow order, for a preview index. */
export const PREVIEW_STEPS: readonly RecoveryStep[] = RECOVERY_STEPS;
