import {
  loginIdReminderEmail,
  notMeLockedEmail,
  otpEmail,
  passkeyChangedEmail,
  passwordLoginSuspendedEmail,
  passwordResetWaitingEmail,
  recoveryCompletedEmail,
  recoveryLockedEmail,
  type Email,
} from '../notify/templates';

export type EmailPreview = { id: string; label: { ja: string; en: string }; email: Email };

/**
 * Every notification email with sample data (fictitious customer, reference number and codes), for
 * /staff/preview/emails (docs/design.md#preview). Pure: the templates only format.
 */
export function emailPreviews(now = new Date()): EmailPreview[] {
  const base = { name: '山田 太郎', at: now, lockCode: 'ABCD2345' };
  return [
    {
      id: 'recovery_otp',
      label: { ja: '確認コード', en: 'Email code' },
      email: otpEmail({ ...base, code: '123456', minutes: 10 }),
    },
    {
      id: 'recovery_otp_password',
      label: {
        ja: '確認コード（パスワード再設定・再開のときも同じ）',
        en: 'Email code (password reset, also on resuming)',
      },
      email: otpEmail({ ...base, code: '123456', minutes: 10, passwordReset: true }),
    },
    {
      id: 'password_reset_waiting',
      label: { ja: 'パスワード再設定の受付（待機期間のお知らせ）', en: 'Password reset requested (waiting period)' },
      email: passwordResetWaitingEmail({
        ...base,
        referenceNumber: 'R-20261125-7KQ4M2',
        resumeAt: new Date(now.getTime() + 24 * 3600_000),
        hours: 24,
      }),
    },
    {
      id: 'password_reset_completed',
      label: { ja: 'パスワード再設定の完了', en: 'Password reset completed' },
      email: recoveryCompletedEmail({
        ...base,
        referenceNumber: 'R-20261125-7KQ4M2',
        revokedPasskeys: 2,
        passwordChanged: true,
      }),
    },
    {
      id: 'login_id_reminder',
      label: { ja: 'ログインIDのお知らせ', en: 'Login ID reminder' },
      email: loginIdReminderEmail({ ...base, loginId: 'demo-sample' }),
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
