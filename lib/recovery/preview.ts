import { env } from '../config/env';
import type { Locale } from '../i18n/types';
import { authenticatorName } from '../passkeys/authenticators';
import { RECOVERY_STEPS, type RecoveryStep } from './flow';
import type { RecoveryView } from './types';
import { supportContact } from './support';

/**
 * Sample data for every state of the flow, for the staff console's previews (docs/design.md#preview): the very
 * components of /recovery render these with `mode="preview"`. Pure — no database, nothing written.
 * The data is fictitious and already masked, as a real screen would show it.
 */
export function recoveryPreviewViews(
  locale: Locale,
  now: Date = new Date(),
): { [S in RecoveryStep]: Extract<RecoveryView, { step: S }> } {
  const iso = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const kind = 'passkey' as const;
  const live = { kind, expiresAt: iso(12 * 60_000), attemptsLeft: 5 };
  const pw = { ...live, kind: 'password' as const };
  return {
    intro: { step: 'intro', kind },
    credentials_pin: { step: 'credentials_pin', ...pw },
    waiting: {
      step: 'waiting',
      kind: 'password',
      referenceNumber: 'R-20261125-7KQ4M2',
      resumeAt: iso(24 * 3600_000),
      maskedEmail: 't***@example.jp',
      expiresAt: iso((24 + 72) * 3600_000),
    },
    new_password: { step: 'new_password', ...pw },
    credentials: { step: 'credentials', ...live },
    secret_question: { step: 'secret_question', ...live, question: '初めて飼ったペットの名前は？' },
    account_data: { step: 'account_data', ...live, attemptsLeft: 4 },
    otp: {
      step: 'otp',
      ...live,
      maskedEmail: 't***@example.jp',
      otp: { codeExpiresAt: iso(10 * 60_000), triesLeft: 3, sendsLeft: 2, resendAvailableAt: iso(45_000) },
    },
    review: {
      step: 'review',
      ...live,
      passkeys: [
        {
          nickname: 'iPhone（取引アプリ）',
          authenticator: authenticatorName('fbfc3007-154e-4ecc-8c0b-6e020557d7bd', locale),
          createdAt: '2026-10-01T01:23:00.000Z',
          lastUsedAt: '2026-11-20T12:05:00.000Z',
        },
        {
          nickname: 'Android（取引アプリ）',
          authenticator: authenticatorName('ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', locale),
          createdAt: '2026-10-08T01:23:00.000Z',
          lastUsedAt: null,
        },
      ],
    },
    done: {
      step: 'done',
      kind,
      result: {
        referenceNumber: 'R-20261125-7KQ4M2',
        completedAt: now.toISOString(),
        revokedPasskeys: 2,
        passwordLoginEnabled: true,
      },
      signal: null,
    },
    expired: { step: 'expired', kind },
    locked: { step: 'locked', kind, supportPhone: env().SUPPORT_PHONE, lock: 'flow', support: supportContact() },
    cancelled: { step: 'cancelled', kind },
  };
}

/**
 * Every state as the forgotten-password kind shows it (docs/design.md#forgotten-password): the same sample
 * data with `kind: 'password'`, so the step indicator counts that kind's seven steps; its review says the new
 * password replaces the old one, and its done page that it did.
 */
export function passwordPreviewViews(
  locale: Locale,
  now: Date = new Date(),
): { [S in RecoveryStep]: Extract<RecoveryView, { step: S }> } {
  const v = recoveryPreviewViews(locale, now);
  const kind = 'password' as const;
  return {
    intro: { ...v.intro, kind },
    credentials: { ...v.credentials, kind },
    credentials_pin: v.credentials_pin,
    secret_question: { ...v.secret_question, kind },
    account_data: { ...v.account_data, kind },
    otp: { ...v.otp, kind },
    waiting: v.waiting,
    new_password: v.new_password,
    review: { ...v.review, kind, passwordChange: true },
    done: { ...v.done, kind, result: { ...v.done.result, passwordChanged: true } },
    expired: { ...v.expired, kind },
    locked: { ...v.locked, kind },
    cancelled: { ...v.cancelled, kind },
  };
}

/** Every state in flow order, for a preview index. */
export const PREVIEW_STEPS: readonly RecoveryStep[] = RECOVERY_STEPS;
