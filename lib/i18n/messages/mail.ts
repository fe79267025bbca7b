import { defineCatalog } from '../types';

/**
 * The words of every notification email (lib/notify/templates.ts renders them; docs/copy-style.md). One
 * shape, two languages: a template picks its lines here and the renderer adds the greeting, the
 * 「心当たりがない場合」 block in both languages and the sign-off. Times arrive formatted (Japan time).
 */
export const mailMessages = defineCatalog(
  {
    subject: (brand: string, text: string) => `【${brand}】${text}`,
    greeting: (name: string) => `${name} 様`,
    notMe: {
      title: '■ 心当たりがない場合',
      lead: [
        'ほかの人がお客さまになりすましているおそれがあります。',
        '次の手順で、すぐにログインを停止してください。',
      ],
      /**
       * The labels quoted in these steps are the site's own, character for character: /login's link, the
       * troubleshooter's symptom and button, the /recovery/not-me page title, its fields and its button
       * (tests/unit/notify-copy.test.ts checks them against the catalogs).
       */
      steps: [
        '1. 当社ウェブサイトで「ログインでお困りの方」を開きます。',
        '2. 「心当たりのない通知メールが届いた」を選び、「心当たりがない場合の手続き」を押します。',
        '3. 「心当たりのない通知を受け取った方」の画面で、「ログインID」と「ロックコード」を入力します。',
        '4. 「ログインを停止する」を押します。',
      ],
      lockCode: (code: string) => `ロックコード：${code}`,
    },
    /** A labelled line: the support line's numbers under the screen's own labels. */
    line: (label: string, value: string) => `${label}：${value}`,
    closing: [
      '※このメールにはリンクを記載していません。リンク付きのメールやSMSで「本人確認」を求められても、開かずに削除してください。',
      '※このメールは送信専用です。ご返信いただいてもお答えできません。',
    ],
    youActed: 'ご自身で行った操作であれば、このメールへの対応は不要です。',
    youActedProcedure: 'ご自身で行った手続きであれば、このメールへの対応は不要です。',
    time: (at: string) => `日時：${at}`,
    requestedAt: (at: string) => `受付日時：${at}`,
    referenceNumber: (ref: string) => `受付番号：${ref}`,
    completed: {
      subjectRecovery: 'パスキーを解除しました',
      subjectPassword: 'パスワードを再設定しました',
      subjectStaff: 'ログイン方法をリセットしました',
      leadRecovery: 'パスキーの解除の手続きが完了しました。',
      leadPassword:
        'パスワードの再設定の手続きが完了しました。新しいパスワードを登録し、登録済みのパスキーはすべて削除しました。',
      leadStaff: 'お電話での本人確認にもとづき、お客さまのログイン方法をリセットしました。',
      revoked: (n: number) => `削除したパスキー：${n}件`,
      after: [
        'これからは、ログインIDとパスワードでログインできます。',
        'ログイン中だった端末は、安全のためすべてログアウトしました。',
        'スマートフォンには、古いパスキーが残って表示されることがあります。パスワード管理（「パスワード」App や Google パスワード マネージャー）から削除してください。削除は1回で済みます。',
      ],
    },
    otp: {
      subject: '確認コードのお知らせ',
      leadRecovery: 'パスキーの解除の手続きで使う、確認コードをお送りします。',
      leadPassword: 'パスワードの再設定の手続きで使う、確認コードをお送りします。',
      code: (code: string) => `確認コード：${code}`,
      validUntil: (until: string, minutes: number) => `有効期限：${until}まで（${minutes}分間）`,
      warning: 'このコードを他人に教えないでください。当社の社員が電話やメールでコードをおたずねすることはありません。',
    },
    recoveryLocked: {
      subject: 'パスキーの解除を停止しました',
      lead: 'パスキーの解除の手続きで、本人確認が何度も一致しませんでした。安全のため、手続きを停止しました。',
      period: (hours: number) => `停止期間：${hours}時間`,
      after: [
        'お客さまのパスキーやパスワード、お預かり資産には変更はありません。',
        'お心当たりがある場合は、時間をおいて改めてお手続きいただくか、お問い合わせ窓口までお電話ください。',
      ],
    },
    notMeLocked: {
      subject: 'ログインを停止しました',
      lead: 'お客さまのお申し出により、ログインと本人確認の手続きを停止しました。',
      after: '再開には、お電話での本人確認が必要です。お手数ですが、お問い合わせ窓口までご連絡ください。',
    },
    suspended: {
      subject: 'パスワードでのログインを停止しました',
      lead: (failures: number) => `お客さまのログインIDで、誤ったパスワードによるログインが${failures}回続きました。`,
      why: '第三者による不正なログインを防ぐため、パスワードでのログインを停止しました。',
      after: [
        'お客さまのパスワードやお預かり資産には変更はありません。',
        '再開するには、当社ウェブサイトの「ログインでお困りの方」から本人確認の手続きを行うか、お問い合わせ窓口までお電話ください。',
      ],
    },
    passkey: {
      subjectAdded: 'パスキーが追加されました',
      subjectRemoved: 'パスキーが削除されました',
      leadAdded: 'お客さまのアカウントにパスキーが追加されました。',
      leadRemoved: 'お客さまのアカウントからパスキーが削除されました。',
      storedIn: (name: string) => `パスキーの保存先：${name}`,
      passwordStopped: 'これにより、ログインIDとパスワードでのログインは使えなくなりました。',
      passwordRestored: 'パスキーがなくなったため、ログインIDとパスワードでのログインが使えるようになりました。',
    },
    waiting: {
      subject: 'パスワード再設定を受け付けました',
      lead: 'パスワードの再設定のお手続きを受け付けました。',
      resumeFrom: (at: string) => `再開できる日時：${at}以降`,
      how: (hours: number) =>
        `安全のため、お手続きは${hours}時間お待ちいただいてから再開できます。再開するには、当社ウェブサイトの「パスワードをお忘れの方」のページで「手続きを再開する」を押し、ログインIDと受付番号を入力してください。登録メールアドレスに新しい確認コードをお送りします。`,
      until: 'それまでは、お客さまのパスワードやパスキーに変更はありません。',
    },
    loginId: {
      subject: 'ログインIDのお知らせ',
      lead: 'ご依頼により、お客さまのログインIDをお知らせします。',
      loginId: (id: string) => `ログインID：${id}`,
    },
  },
  {
    subject: (brand: string, text: string) => `[${brand}] ${text}`,
    greeting: (name: string) => `Dear ${name},`,
    notMe: {
      title: '■ If you did not ask for this',
      lead: ['Someone else may be using your details.', 'Stop login at once, like this:'],
      steps: [
        '1. On our website, open “Trouble logging in?”.',
        '2. Choose “You received a notification you do not recognise”, then “Report that it was not you”.',
        '3. On “Received a notice you don’t recognise?”, enter your “Login ID” and this “Lock code”.',
        '4. Press “Stop login”.',
      ],
      lockCode: (code: string) => `Lock code: ${code}`,
    },
    line: (label: string, value: string) => `${label}: ${value}`,
    closing: [
      'This email contains no links. If an email or text message with a link asks you to “verify your identity”, do not open it; delete it.',
      'This address only sends mail. We cannot answer replies.',
    ],
    youActed: 'If you made this change yourself, you need not do anything.',
    youActedProcedure: 'If you did this yourself, you need not do anything.',
    time: (at: string) => `Time: ${at}`,
    requestedAt: (at: string) => `Requested: ${at}`,
    referenceNumber: (ref: string) => `Reference number: ${ref}`,
    completed: {
      subjectRecovery: 'Your passkeys were removed',
      subjectPassword: 'Your password was reset',
      subjectStaff: 'Your login method was reset',
      leadRecovery: 'Your passkey removal is complete.',
      leadPassword: 'Your password reset is complete: your new password is registered and every passkey was removed.',
      leadStaff: 'After confirming your identity by phone, we reset how you log in.',
      revoked: (n: number) => `Passkeys removed: ${n}`,
      after: [
        'You can now log in with your login ID and password.',
        'For your safety, we logged out every device that was logged in.',
        'Your phone may still show the old passkey. Delete it in your password manager (the Passwords app or Google Password Manager). Deleting it once is enough.',
      ],
    },
    otp: {
      subject: 'Your confirmation code',
      leadRecovery: 'Here is the confirmation code for your passkey removal.',
      leadPassword: 'Here is the confirmation code for your password reset.',
      code: (code: string) => `Confirmation code: ${code}`,
      validUntil: (until: string, minutes: number) => `Valid until: ${until} (${minutes} minutes)`,
      warning: 'Do not tell anyone this code. Our staff never ask for it by phone or email.',
    },
    recoveryLocked: {
      subject: 'Passkey removal stopped',
      lead: 'The details entered for your passkey removal did not match several times. For your safety, we stopped passkey removal.',
      period: (hours: number) => `Stopped for: ${hours} hours`,
      after: [
        'Your passkeys, password and assets are unchanged.',
        'If it was you, please try again after that time, or call our support line.',
      ],
    },
    notMeLocked: {
      subject: 'Login stopped at your request',
      lead: 'At your request, we stopped login and passkey removal on your account.',
      after: 'To start again, we need to confirm your identity by phone. Please call our support line.',
    },
    suspended: {
      subject: 'Password login stopped',
      lead: (failures: number) => `There were ${failures} wrong passwords in a row for your login ID.`,
      why: 'To keep others out, we stopped login with a password.',
      after: [
        'Your password and assets are unchanged.',
        'To start again, use “Trouble logging in?” on our website, or call our support line.',
      ],
    },
    passkey: {
      subjectAdded: 'A passkey was added',
      subjectRemoved: 'A passkey was removed',
      leadAdded: 'A passkey was added to your account.',
      leadRemoved: 'A passkey was removed from your account.',
      storedIn: (name: string) => `Stored in: ${name}`,
      passwordStopped: 'Login with your login ID and password no longer works.',
      passwordRestored: 'With no passkey left, login with your login ID and password works again.',
    },
    waiting: {
      subject: 'Password reset requested',
      lead: 'We received a request to reset your password.',
      resumeFrom: (at: string) => `You can continue after: ${at}`,
      how: (hours: number) =>
        `For your safety, you can continue ${hours} hours after the request. To continue, open “Forgot your password?” on our website, choose “Continue my request” and enter your login ID and this reference number. We will email a new code to your registered address.`,
      until: 'Nothing changes in your password or passkeys before then.',
    },
    loginId: {
      subject: 'Your login ID',
      lead: 'As requested, here is your login ID.',
      loginId: (id: string) => `Login ID: ${id}`,
    },
  },
);
