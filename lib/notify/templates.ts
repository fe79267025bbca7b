import { env } from '../config/env';

/**
 * Notification emails (docs/threat-model.md): they name the event and its time, and contain no links
 * at all (phishing hygiene). Every one that goes to a customer carries the account's lock code with the
 * 「心当たりがない場合」 instructions for /recovery/not-me, in Japanese and English — the code email
 * included, since it is the first mail a victim sees when someone else starts a recovery. `Base`
 * requires the lock code, so a new customer template cannot leave it out.
 */
type Base = { name: string; at: Date; lockCode: string };

function jst(at: Date): string {
  const d = new Date(at.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}（日本時間）`;
}

function footer(lockCode: string): string {
  const e = env();
  const lines = [
    '',
    '■ 心当たりがない場合',
    'ほかの人がお客さまになりすまして手続きをしているおそれがあります。当社ウェブサイトの「ログインでお困りの方」から「心当たりのない通知を受け取った方」へお進みいただき、ログインIDと次のロックコードを入力してください。ただちにログインと本人確認の手続きを停止します。',
    `ロックコード：${lockCode}`,
    `お問い合わせ窓口：${e.SUPPORT_PHONE}（平日 8:30〜17:00）`,
    '',
    '■ If you did not ask for this',
    'Someone else may be using your details. On our website, open 「ログインでお困りの方」 (Trouble logging in?), choose 「心当たりのない通知を受け取った方」 (Received a notice you don’t recognise?), and enter your login ID and this lock code. Login and identity checks on your account stop at once.',
    `Lock code: ${lockCode}`,
    `Support: ${e.SUPPORT_PHONE} (weekdays 8:30–17:00 JST)`,
    '',
    '※このメールにはリンクを記載していません。リンク付きのメールやSMSで「本人確認」を求められても、開かずに削除してください。',
    '※このメールは送信専用です。ご返信いただいてもお答えできません。',
    '',
    e.BRAND_NAME,
  ];
  return lines.join('\n');
}

export type Email = { template: string; subject: string; body: string };

export function recoveryCompletedEmail(p: Base & { referenceNumber: string; revokedPasskeys: number; viaStaff?: boolean; passwordChanged?: boolean }): Email {
  return {
    template: p.viaStaff ? 'forced_reset_completed' : p.passwordChanged ? 'password_reset_completed' : 'recovery_completed',
    subject: p.passwordChanged
      ? `【${env().BRAND_NAME}】パスワードを再設定しました`
      : `【${env().BRAND_NAME}】パスキーを削除し、ID・パスワードでのログインを有効にしました`,
    body: [
      `${p.name} 様`,
      '',
      p.viaStaff
        ? 'お電話での本人確認にもとづき、お客さまのログイン方法をリセットしました。'
        : p.passwordChanged
          ? 'パスワードの再設定の手続きが完了しました。新しいパスワードを登録し、登録済みのパスキーはすべて削除しました。'
          : 'ログイン方法の再設定（パスキーの解除）の手続きが完了しました。',
      '',
      `受付番号：${p.referenceNumber}`,
      `日時：${jst(p.at)}`,
      `削除したパスキー：${p.revokedPasskeys}件`,
      '',
      'これからは、ログインIDとパスワードでログインできます。',
      'ご利用中の端末にはパスキーが残って表示されることがあります。端末のパスワード管理（iCloud キーチェーンや Google パスワードマネージャーなど）から削除してください。',
      'ログイン中だった端末は、安全のためすべてログアウトしました。',
      footer(p.lockCode),
    ].join('\n'),
  };
}

export function otpEmail(p: Base & { code: string; minutes: number; passwordReset?: boolean }): Email {
  return {
    template: 'recovery_otp',
    subject: `【${env().BRAND_NAME}】確認コードのお知らせ`,
    body: [
      `${p.name} 様`,
      '',
      p.passwordReset
        ? 'パスワードの再設定の手続きで、確認コードをお送りします。'
        : 'ログイン方法の再設定（パスキーの解除）の手続きで、確認コードをお送りします。',
      '',
      `確認コード：${p.code}`,
      `有効期限：${p.minutes}分`,
      `受付日時：${jst(p.at)}`,
      '',
      'このコードを他人に教えないでください。当社の社員が電話やメールでコードをおたずねすることはありません。',
      footer(p.lockCode),
    ].join('\n'),
  };
}

export function recoveryLockedEmail(p: Base & { hours: number }): Email {
  return {
    template: 'recovery_locked',
    subject: `【${env().BRAND_NAME}】本人確認の手続きを一時的に停止しました`,
    body: [
      `${p.name} 様`,
      '',
      'ログイン方法の再設定の手続きで、本人確認に何度も失敗したため、安全のため手続きを停止しました。',
      `日時：${jst(p.at)}`,
      `停止期間：${p.hours}時間`,
      '',
      'お客さまのパスキーやパスワード、お預かり資産には変更はありません。',
      'お心当たりがある場合は、時間をおいて改めてお手続きいただくか、お問い合わせ窓口までお電話ください。',
      footer(p.lockCode),
    ].join('\n'),
  };
}

export function notMeLockedEmail(p: Base): Email {
  return {
    template: 'account_locked_by_customer',
    subject: `【${env().BRAND_NAME}】ログインと本人確認の手続きを停止しました`,
    body: [
      `${p.name} 様`,
      '',
      'お客さまのお申し出により、ログインと本人確認の手続きを停止しました。',
      `日時：${jst(p.at)}`,
      '',
      '再開には、お電話での本人確認が必要です。お手数ですが、お問い合わせ窓口までご連絡ください。',
      footer(p.lockCode),
    ].join('\n'),
  };
}

/** Password login suspended after too many consecutive wrong passwords (docs/threat-model.md). */
export function passwordLoginSuspendedEmail(p: Base & { failures: number }): Email {
  return {
    template: 'password_login_suspended',
    subject: `【${env().BRAND_NAME}】パスワードでのログインを停止しました`,
    body: [
      `${p.name} 様`,
      '',
      `お客さまのログインIDで、誤ったパスワードによるログインが${p.failures}回続きました。`,
      '第三者による不正なログインを防ぐため、パスワードでのログインを停止しました。',
      `日時：${jst(p.at)}`,
      '',
      'お客さまのパスワードやお預かり資産には変更はありません。',
      '再開するには、当社ウェブサイトの「ログインでお困りの方」から本人確認の手続きを行うか、お問い合わせ窓口までお電話ください。',
      footer(p.lockCode),
    ].join('\n'),
  };
}

function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A passkey was added to or removed from the account at /account/security (docs/design.md#step-up):
 * the customer hears of it at once, with the account's lock code. The nickname is
 * the customer's (or an intruder's) own text and is left out; the authenticator's name comes from our
 * AAGUID table. Japanese first, then English.
 */
export function passkeyChangedEmail(p: Base & {
  change: 'added' | 'removed';
  authenticator: { ja: string; en: string };
  /** What the change did to ID/password login under the exclusive policy, if anything. */
  passwordLogin?: 'stopped' | 'restored';
}): Email {
  const added = p.change === 'added';
  return {
    template: added ? 'passkey_added' : 'passkey_removed',
    subject: added
      ? `【${env().BRAND_NAME}】パスキーが追加されました / A passkey was added`
      : `【${env().BRAND_NAME}】パスキーが削除されました / A passkey was removed`,
    body: [
      `${p.name} 様`,
      '',
      added ? 'お客さまのアカウントにパスキーが追加されました。' : 'お客さまのアカウントからパスキーが削除されました。',
      `日時：${jst(p.at)}`,
      `パスキーの保存先：${p.authenticator.ja}`,
      ...(p.passwordLogin === 'stopped' ? ['これにより、ログインIDとパスワードでのログインは使えなくなりました。'] : []),
      ...(p.passwordLogin === 'restored' ? ['パスキーがなくなったため、ログインIDとパスワードでのログインが使えるようになりました。'] : []),
      'お客さまご自身の操作であれば、このメールへの対応は不要です。',
      '',
      added ? 'A passkey was added to your account.' : 'A passkey was removed from your account.',
      `Time: ${utc(p.at)}`,
      `Stored in: ${p.authenticator.en}`,
      ...(p.passwordLogin === 'stopped' ? ['Login with your login ID and password no longer works.'] : []),
      ...(p.passwordLogin === 'restored' ? ['With no passkey left, login with your login ID and password works again.'] : []),
      'If you made this change yourself, you need not do anything.',
      footer(p.lockCode),
    ].join('\n'),
  };
}

/**
 * Forgotten password (docs/design.md#forgotten-password): the first code was right and the cooling-off
 * wait began. Sent at once, so the owner hears of a reset they did not ask for a day before anything
 * changes. No link (the 受付番号 is typed at /recovery/resume).
 */
export function passwordResetWaitingEmail(p: Base & { referenceNumber: string; resumeAt: Date; hours: number }): Email {
  return {
    template: 'password_reset_waiting',
    subject: `【${env().BRAND_NAME}】パスワード再設定のお手続きを受け付けました / Password reset requested`,
    body: [
      `${p.name} 様`,
      '',
      'パスワードの再設定のお手続きを受け付けました。',
      `受付番号：${p.referenceNumber}`,
      `受付日時：${jst(p.at)}`,
      `再開できる日時：${jst(p.resumeAt)}以降`,
      '',
      `安全のため、お手続きは${p.hours}時間お待ちいただいてから再開できます。再開するには、当社ウェブサイトの「ログインでお困りの方」から「パスワード再設定の再開」へお進みいただき、ログインIDと受付番号を入力してください。登録メールアドレスに新しい確認コードをお送りします。`,
      'それまでは、お客さまのパスワードやパスキーに変更はありません。',
      '',
      'We received a request to reset your password.',
      `Reference number: ${p.referenceNumber}`,
      `Time: ${utc(p.at)}`,
      `You can continue after: ${utc(p.resumeAt)}`,
      'Nothing changes before then. To continue, enter your login ID and this reference number on our website; a new code will be emailed to you.',
      footer(p.lockCode),
    ].join('\n'),
  };
}

/** 「ログインIDをお忘れの方」: the login ID, to the registered email only, no link (docs/design.md#forgotten-login-id). */
export function loginIdReminderEmail(p: Base & { loginId: string }): Email {
  return {
    template: 'login_id_reminder',
    subject: `【${env().BRAND_NAME}】ログインIDのお知らせ / Your login ID`,
    body: [
      `${p.name} 様`,
      '',
      'ご依頼により、お客さまのログインIDをお知らせします。',
      `ログインID：${p.loginId}`,
      `受付日時：${jst(p.at)}`,
      '',
      'As requested, here is your login ID.',
      `Login ID: ${p.loginId}`,
      `Time: ${utc(p.at)}`,
      footer(p.lockCode),
    ].join('\n'),
  };
}
