import { env } from '../config/env';
import type { Locale } from '../i18n/types';

/**
 * Notification emails (docs/threat-model.md): they name the event and its time, and contain no links
 * at all (phishing hygiene). Every one that goes to a customer carries the account's lock code with the
 * 「心当たりがない場合」 instructions for /recovery/not-me, in Japanese and English — the code email
 * included, since it is the first mail a victim sees when someone else starts a recovery. `Base`
 * requires the lock code, so a new customer template cannot leave it out. The body is in the customer's
 * language (`lang`: the flow's, where there is one); the 「心当たりがない場合」 block comes in both, theirs
 * first, since the account's owner may read another language than whoever started a request.
 */
type Base = { name: string; at: Date; lockCode: string; lang?: Locale };

function jst(at: Date): string {
  const d = new Date(at.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}（日本時間）`;
}

function jstEn(at: Date): string {
  const d = new Date(at.getTime() + 9 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} JST`;
}

/**
 * Subjects fit a phone's list view: the brand first, then the event in a few words (docs/copy-style.md).
 * English mail keeps the brand as the customer knows it.
 */
function subject(lang: Locale, ja: string, en: string): string {
  const brand = env().BRAND_NAME;
  return lang === 'en' ? `[${brand}] ${en}` : `【${brand}】${ja}`;
}

/**
 * The labels quoted in these steps are the site's own, character for character: /login's link, the
 * troubleshooter's symptom and button, the /recovery/not-me page title, its fields and its button
 * (tests/unit/notify-templates.test.ts checks them against the catalogs).
 */
export const NOT_ME_STEPS = {
  ja: [
    '1. 当社ウェブサイトで「ログインでお困りの方」を開きます。',
    '2. 「心当たりのない通知メールが届いた」を選び、「心当たりがない場合の手続き」を押します。',
    '3. 「心当たりのない通知を受け取った方」の画面で、「ログインID」と「ロックコード」を入力します。',
    '4. 「ログインを停止する」を押します。',
  ],
  en: [
    '1. On our website, open “Trouble logging in?”.',
    '2. Choose “You received a notification you do not recognise”, then “Report that it was not you”.',
    '3. On “Received a notice you don’t recognise?”, enter your “Login ID” and this “Lock code”.',
    '4. Press “Stop login”.',
  ],
} as const;

function notMeJa(lockCode: string): string[] {
  return [
    '■ 心当たりがない場合',
    'ほかの人がお客さまになりすましているおそれがあります。',
    '次の手順で、すぐにログインを停止してください。',
    ...NOT_ME_STEPS.ja,
    `ロックコード：${lockCode}`,
    `お問い合わせ窓口：${env().SUPPORT_PHONE}（平日 8:30〜17:00）`,
  ];
}

function notMeEn(lockCode: string): string[] {
  return [
    '■ If you did not ask for this',
    'Someone else may be using your details.',
    'Stop login at once, like this:',
    ...NOT_ME_STEPS.en,
    `Lock code: ${lockCode}`,
    `Support: ${env().SUPPORT_PHONE} (weekdays 8:30–17:00 JST)`,
  ];
}

/**
 * The 「心当たりがない場合」 block in both languages — the owner of the account may read another language
 * than whoever started the request — the customer's language first.
 */
function footer(lockCode: string, lang: Locale): string {
  const ja = notMeJa(lockCode);
  const en = notMeEn(lockCode);
  const lines = [
    '',
    ...(lang === 'en' ? en : ja),
    '',
    ...(lang === 'en' ? ja : en),
    '',
    ...(lang === 'en'
      ? [
          'This email contains no links. If an email or text message with a link asks you to “verify your identity”, do not open it; delete it.',
          'This address only sends mail. We cannot answer replies.',
        ]
      : [
          '※このメールにはリンクを記載していません。リンク付きのメールやSMSで「本人確認」を求められても、開かずに削除してください。',
          '※このメールは送信専用です。ご返信いただいてもお答えできません。',
        ]),
    '',
    env().BRAND_NAME,
  ];
  return lines.join('\n');
}

const greeting = (name: string, lang: Locale) => (lang === 'en' ? `Dear ${name},` : `${name} 様`);

export type Email = { template: string; subject: string; body: string };

export function recoveryCompletedEmail(
  p: Base & { referenceNumber: string; revokedPasskeys: number; viaStaff?: boolean; passwordChanged?: boolean },
): Email {
  const lang = p.lang ?? 'ja';
  const template = p.viaStaff
    ? 'forced_reset_completed'
    : p.passwordChanged
      ? 'password_reset_completed'
      : 'recovery_completed';
  if (lang === 'en') {
    return {
      template,
      subject: subject(
        lang,
        '',
        p.viaStaff
          ? 'Your login method was reset'
          : p.passwordChanged
            ? 'Your password was reset'
            : 'Your passkeys were removed',
      ),
      body: [
        greeting(p.name, lang),
        '',
        p.viaStaff
          ? 'After confirming your identity by phone, we reset how you log in.'
          : p.passwordChanged
            ? 'Your password reset is complete: your new password is registered and every passkey was removed.'
            : 'Your passkey removal is complete.',
        '',
        `Reference number: ${p.referenceNumber}`,
        `Time: ${jstEn(p.at)}`,
        `Passkeys removed: ${p.revokedPasskeys}`,
        '',
        'You can now log in with your login ID and password.',
        'For your safety, we logged out every device that was logged in.',
        'Your phone may still show the old passkey. Delete it in your password manager (the Passwords app or Google Password Manager). Deleting it once is enough.',
        '',
        'If you did this yourself, you need not do anything.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template,
    subject: subject(
      lang,
      p.viaStaff
        ? 'ログイン方法をリセットしました'
        : p.passwordChanged
          ? 'パスワードを再設定しました'
          : 'パスキーを解除しました',
      '',
    ),
    body: [
      greeting(p.name, lang),
      '',
      p.viaStaff
        ? 'お電話での本人確認にもとづき、お客さまのログイン方法をリセットしました。'
        : p.passwordChanged
          ? 'パスワードの再設定の手続きが完了しました。新しいパスワードを登録し、登録済みのパスキーはすべて削除しました。'
          : 'パスキーの解除の手続きが完了しました。',
      '',
      `受付番号：${p.referenceNumber}`,
      `日時：${jst(p.at)}`,
      `削除したパスキー：${p.revokedPasskeys}件`,
      '',
      'これからは、ログインIDとパスワードでログインできます。',
      'ログイン中だった端末は、安全のためすべてログアウトしました。',
      'スマートフォンには、古いパスキーが残って表示されることがあります。パスワード管理（「パスワード」App や Google パスワード マネージャー）から削除してください。削除は1回で済みます。',
      '',
      'ご自身で行った手続きであれば、このメールへの対応は不要です。',
      footer(p.lockCode, lang),
    ].join('\n'),
  };
}

export function otpEmail(p: Base & { code: string; minutes: number; passwordReset?: boolean }): Email {
  const lang = p.lang ?? 'ja';
  if (lang === 'en') {
    return {
      template: 'recovery_otp',
      subject: subject(lang, '', 'Your confirmation code'),
      body: [
        greeting(p.name, lang),
        '',
        p.passwordReset
          ? 'Here is the confirmation code for your password reset.'
          : 'Here is the confirmation code for your passkey removal.',
        '',
        `Confirmation code: ${p.code}`,
        `Valid for: ${p.minutes} minutes`,
        `Requested: ${jstEn(p.at)}`,
        '',
        'Do not tell anyone this code. Our staff never ask for it by phone or email.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template: 'recovery_otp',
    subject: subject(lang, '確認コードのお知らせ', ''),
    body: [
      greeting(p.name, lang),
      '',
      p.passwordReset
        ? 'パスワードの再設定の手続きで使う、確認コードをお送りします。'
        : 'パスキーの解除の手続きで使う、確認コードをお送りします。',
      '',
      `確認コード：${p.code}`,
      `有効期限：${jst(new Date(p.at.getTime() + p.minutes * 60_000))}まで（${p.minutes}分間）`,
      `受付日時：${jst(p.at)}`,
      '',
      'このコードを他人に教えないでください。当社の社員が電話やメールでコードをおたずねすることはありません。',
      footer(p.lockCode, lang),
    ].join('\n'),
  };
}

export function recoveryLockedEmail(p: Base & { hours: number }): Email {
  const lang = p.lang ?? 'ja';
  if (lang === 'en') {
    return {
      template: 'recovery_locked',
      subject: subject(lang, '', 'Passkey removal stopped'),
      body: [
        greeting(p.name, lang),
        '',
        'The details entered for your passkey removal did not match several times. For your safety, we stopped passkey removal.',
        `Time: ${jstEn(p.at)}`,
        `Stopped for: ${p.hours} hours`,
        '',
        'Your passkeys, password and assets are unchanged.',
        'If it was you, please try again after that time, or call our support line.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template: 'recovery_locked',
    subject: subject(lang, 'パスキーの解除を停止しました', ''),
    body: [
      greeting(p.name, lang),
      '',
      'パスキーの解除の手続きで、本人確認が何度も一致しませんでした。安全のため、手続きを停止しました。',
      `日時：${jst(p.at)}`,
      `停止期間：${p.hours}時間`,
      '',
      'お客さまのパスキーやパスワード、お預かり資産には変更はありません。',
      'お心当たりがある場合は、時間をおいて改めてお手続きいただくか、お問い合わせ窓口までお電話ください。',
      footer(p.lockCode, lang),
    ].join('\n'),
  };
}

export function notMeLockedEmail(p: Base): Email {
  const lang = p.lang ?? 'ja';
  if (lang === 'en') {
    return {
      template: 'account_locked_by_customer',
      subject: subject(lang, '', 'Login stopped at your request'),
      body: [
        greeting(p.name, lang),
        '',
        'At your request, we stopped login and passkey removal on your account.',
        `Time: ${jstEn(p.at)}`,
        '',
        'To start again, we need to confirm your identity by phone. Please call our support line.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template: 'account_locked_by_customer',
    subject: subject(lang, 'ログインを停止しました', ''),
    body: [
      greeting(p.name, lang),
      '',
      'お客さまのお申し出により、ログインと本人確認の手続きを停止しました。',
      `日時：${jst(p.at)}`,
      '',
      '再開には、お電話での本人確認が必要です。お手数ですが、お問い合わせ窓口までご連絡ください。',
      footer(p.lockCode, lang),
    ].join('\n'),
  };
}

/** Password login suspended after too many consecutive wrong passwords (docs/threat-model.md). */
export function passwordLoginSuspendedEmail(p: Base & { failures: number }): Email {
  const lang = p.lang ?? 'ja';
  if (lang === 'en') {
    return {
      template: 'password_login_suspended',
      subject: subject(lang, '', 'Password login stopped'),
      body: [
        greeting(p.name, lang),
        '',
        `There were ${p.failures} wrong passwords in a row for your login ID.`,
        'To keep others out, we stopped login with a password.',
        `Time: ${jstEn(p.at)}`,
        '',
        'Your password and assets are unchanged.',
        'To start again, use “Trouble logging in?” on our website, or call our support line.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template: 'password_login_suspended',
    subject: subject(lang, 'パスワードでのログインを停止しました', ''),
    body: [
      greeting(p.name, lang),
      '',
      `お客さまのログインIDで、誤ったパスワードによるログインが${p.failures}回続きました。`,
      '第三者による不正なログインを防ぐため、パスワードでのログインを停止しました。',
      `日時：${jst(p.at)}`,
      '',
      'お客さまのパスワードやお預かり資産には変更はありません。',
      '再開するには、当社ウェブサイトの「ログインでお困りの方」から本人確認の手続きを行うか、お問い合わせ窓口までお電話ください。',
      footer(p.lockCode, lang),
    ].join('\n'),
  };
}

/**
 * A passkey was added to or removed from the account at /account/security (docs/design.md#step-up):
 * the customer hears of it at once, with the account's lock code. The nickname is
 * the customer's (or an intruder's) own text and is left out; the authenticator's name comes from our
 * AAGUID table.
 */
export function passkeyChangedEmail(
  p: Base & {
    change: 'added' | 'removed';
    authenticator: { ja: string; en: string };
    /** What the change did to ID/password login under the exclusive policy, if anything. */
    passwordLogin?: 'stopped' | 'restored';
  },
): Email {
  const lang = p.lang ?? 'ja';
  const added = p.change === 'added';
  const template = added ? 'passkey_added' : 'passkey_removed';
  if (lang === 'en') {
    return {
      template,
      subject: subject(lang, '', added ? 'A passkey was added' : 'A passkey was removed'),
      body: [
        greeting(p.name, lang),
        '',
        added ? 'A passkey was added to your account.' : 'A passkey was removed from your account.',
        `Time: ${jstEn(p.at)}`,
        `Stored in: ${p.authenticator.en}`,
        ...(p.passwordLogin === 'stopped' ? ['Login with your login ID and password no longer works.'] : []),
        ...(p.passwordLogin === 'restored'
          ? ['With no passkey left, login with your login ID and password works again.']
          : []),
        '',
        'If you made this change yourself, you need not do anything.',
        footer(p.lockCode, lang),
      ].join('\n'),
    };
  }
  return {
    template,
    subject: subject(lang, added ? 'パスキーが追加されました' : 'パスキーが削除されました', ''),
    body: [
      greeting(p.name, lang),
      '',
      added ? 'お客さまのアカウントにパスキーが追加されました。' : 'お客さまのアカウントからパスキーが削除されました。',
      `日時：${jst(p.at)}`,
      `パスキーの保存先：${p.authenticator.ja}`,
      ...(p.passwordLogin === 'stopped'
        ? ['これにより、ログインIDとパスワードでのログインは使えなくなりました。']
        : []),
      ...(p.passwordLogin === 'restored'
        ? ['パスキーがなくなったため、ログインIDとパスワードでのログインが使えるようになりました。']
        : []),
      '',
      'ご自身で行った操作であれば、このメールへの対応は不要です。',
      footer(p.lockCode, lang),
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
      `Time: ${jstEn(p.at)}`,
      `You can continue after: ${jstEn(p.resumeAt)}`,
      'Nothing changes before then. To continue, enter your login ID and this reference number on our website; a new code will be emailed to you.',
      footer(p.lockCode, p.lang ?? 'ja'),
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
      `Time: ${jstEn(p.at)}`,
      footer(p.lockCode, p.lang ?? 'ja'),
    ].join('\n'),
  };
}
