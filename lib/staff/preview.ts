import type { Locale } from '../i18n/types';
import {
  recoveryCompletedEmail,
  otpEmail,
  recoveryLockedEmail,
  notMeLockedEmail,
  passwordLoginSuspendedEmail,
  passkeyChangedEmail,
  type Email,
} from '../notify/templates';
import { RECOVERY_STEPS, type RecoveryStep } from '../recovery/flow';
import { passwordPreviewViews, recoveryPreviewViews } from '../recovery/preview';
import type { RecoveryError, RecoveryView } from '../recovery/types';

/**
 * The staff console's previews (docs/design.md#preview): every state of the recovery flow, error states included, and
 * every notification email — sample data only. Pure: nothing here reads or writes the database.
 */

export type PreviewCase = {
  id: string;
  step: RecoveryStep;
  kind: 'state' | 'error';
  label: { ja: string; en: string };
  /** An error the screen shows as if the last submit had returned it. */
  flash?: RecoveryError;
  /**
   * Field errors are produced by the screen's own form validation: the preview types these values and
   * submits in the browser (preview mode: nothing is sent).
   */
  fill?: Record<string, string>;
  /** The forgotten-password kind's own screen of a shared step (its review and done pages differ). */
  flowKind?: 'password';
};

const STATE_LABELS: Record<RecoveryStep, { ja: string; en: string }> = {
  intro: { ja: 'はじめに', en: 'Introduction' },
  credentials: { ja: 'ログインID・パスワード', en: 'Login ID and password' },
  secret_question: { ja: '秘密の質問', en: 'Secret question' },
  account_data: { ja: '口座情報', en: 'Account details' },
  otp: { ja: '確認コード', en: 'Email code' },
  review: { ja: '最終確認', en: 'Review' },
  done: { ja: '完了', en: 'Done' },
  expired: { ja: '期限切れ', en: 'Expired' },
  locked: { ja: '停止', en: 'Stopped' },
  cancelled: { ja: '中止', en: 'Cancelled' },
  credentials_pin: { ja: 'ログインID・取引暗証番号', en: 'Login ID and trading PIN' },
  waiting: { ja: '待機期間', en: 'Waiting period' },
  new_password: { ja: '新しいパスワード', en: 'New password' },
};

export const PREVIEW_CASES: readonly PreviewCase[] = [
  ...RECOVERY_STEPS.map((step): PreviewCase => ({ id: step, step, kind: 'state', label: STATE_LABELS[step] })),
  {
    id: 'review-password',
    step: 'review',
    kind: 'state',
    flowKind: 'password',
    label: { ja: '最終確認（パスワード再設定）', en: 'Review (password reset)' },
  },
  {
    id: 'done-password',
    step: 'done',
    kind: 'state',
    flowKind: 'password',
    label: { ja: '完了（パスワード再設定）', en: 'Done (password reset)' },
  },
  {
    id: 'credentials-field-error',
    step: 'credentials',
    kind: 'error',
    fill: { loginId: '', password: '' },
    label: { ja: '入力エラー（未入力）', en: 'Field errors (empty)' },
  },
  {
    id: 'account-data-field-error',
    step: 'account_data',
    kind: 'error',
    fill: { birthDate: '1985/13/40', branchCode: '12', accountNumber: '12345' },
    label: { ja: '入力エラー（形式）', en: 'Field errors (format)' },
  },
  {
    id: 'credentials-verification-failed',
    step: 'credentials',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 3 },
    label: { ja: '本人確認の失敗', en: 'Verification failed' },
  },
  {
    id: 'secret-question-last-attempt',
    step: 'secret_question',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 1 },
    label: { ja: '本人確認の失敗（残り1回）', en: 'Verification failed (1 attempt left)' },
  },
  {
    id: 'otp-expired',
    step: 'otp',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 3, otp: 'expired' },
    label: { ja: '確認コードの期限切れ', en: 'Code expired' },
  },
  {
    id: 'otp-resend-wait',
    step: 'otp',
    kind: 'error',
    flash: { code: 'rate_limited', retryAfter: 42, reason: 'otp_resend_interval' },
    label: { ja: 'コード再送の待ち時間', en: 'Resend: please wait' },
  },
  {
    id: 'rate-limited',
    step: 'credentials',
    kind: 'error',
    flash: { code: 'rate_limited', retryAfter: 1800, reason: 'ip' },
    label: { ja: '試行回数の上限', en: 'Too many attempts' },
  },
  {
    id: 'review-unavailable',
    step: 'review',
    kind: 'error',
    flash: { code: 'unavailable' },
    label: { ja: '一時的なエラー', en: 'Temporary error' },
  },
];

export function findPreviewCase(id: string): PreviewCase | undefined {
  return PREVIEW_CASES.find((c) => c.id === id);
}

/** The sample screen of a case, in a language. */
export function previewView(c: PreviewCase, locale: Locale, now = new Date()): RecoveryView {
  if (c.flowKind === 'password' && (c.step === 'review' || c.step === 'done'))
    return passwordPreviewViews(locale, now)[c.step];
  return recoveryPreviewViews(locale, now)[c.step];
}

export type EmailPreview = { id: string; label: { ja: string; en: string }; email: Email };

/** Every notification email with sample data (fictitious customer, reference number and codes). */
export function emailPreviews(now = new Date()): EmailPreview[] {
  const base = { name: '山田 太郎', at: now, lockCode: 'ABCD2345' };
  return [
    {
      id: 'recovery_otp',
      label: { ja: '確認コード', en: 'Email code' },
      email: otpEmail({ ...base, code: '123456', minutes: 10 }),
    },
    {
      id: 'recovery_completed',
      label: { ja: 'パスキー解除の完了', en: 'Passkeys removed' },
      email: recoveryCompletedEmail({ ...base, referenceNumber: 'R-20261125-7KQ4M2', revokedPasskeys: 2 }),
    },
    {
      id: 'forced_reset_completed',
      label: { ja: '電話本人確認による強制リセット', en: 'Phone-verified forced reset' },
      email: recoveryCompletedEmail({
        ...base,
        referenceNumber: 'R-20261125-8PQ3XZ',
        revokedPasskeys: 2,
        viaStaff: true,
      }),
    },
    {
      id: 'recovery_locked',
      label: { ja: '本人確認の一時停止', en: 'Recovery locked' },
      email: recoveryLockedEmail({ ...base, hours: 24 }),
    },
    {
      id: 'account_locked_by_customer',
      label: { ja: 'お申し出によるログイン停止', en: 'Login suspended at the customer’s request' },
      email: notMeLockedEmail(base),
    },
    {
      id: 'password_login_suspended',
      label: { ja: 'パスワード誤りによるログイン停止', en: 'Password login suspended after wrong passwords' },
      email: passwordLoginSuspendedEmail({ ...base, failures: 100 }),
    },
    {
      id: 'passkey_added',
      label: { ja: 'パスキーの追加', en: 'Passkey added' },
      email: passkeyChangedEmail({
        ...base,
        change: 'added',
        authenticator: { ja: 'iCloud キーチェーン', en: 'iCloud Keychain' },
        passwordLogin: 'stopped',
      }),
    },
    {
      id: 'passkey_removed',
      label: { ja: 'パスキーの削除', en: 'Passkey removed' },
      email: passkeyChangedEmail({
        ...base,
        change: 'removed',
        authenticator: { ja: 'iCloud キーチェーン', en: 'iCloud Keychain' },
        passwordLogin: 'restored',
      }),
    },
  ];
}
