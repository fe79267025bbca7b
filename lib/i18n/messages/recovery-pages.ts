import { plural } from '../format';
import { defineCatalog } from '../types';

/** The words of /recovery/status, /recovery/not-me and the demo mailbox (their client forms ship only this slice). */
export const recoveryPages = defineCatalog(
  {
    status: {
      title: '手続き状況の確認',
      lead: 'ログインIDと受付番号を入力すると、行った手続きの内容と日時を確認できます。',
      referenceHint: '例：R-20261125-7KQ4M2（完了画面とお知らせメールに記載）',
      submit: '確認する',
      foundTitle: '手続きの内容',
      kindRecovery: 'お客さまご自身による、パスキーの解除',
      kindStaff: 'お電話での本人確認による、ログイン方法のリセット',
      when: '日時',
      what: '内容',
      result: (n: number) =>
        n > 0
          ? `パスキー${n}件を削除し、ID・パスワードでのログインを有効にしました。`
          : 'ID・パスワードでのログインを有効にしました（削除するパスキーはありませんでした）。',
      notFound: '該当する手続きが見つかりませんでした。ログインIDと受付番号をご確認ください。',
      notMeLink: '心当たりのない手続きの場合',
    },
    notMe: {
      title: '心当たりのない通知を受け取った方',
      lead: 'ご自身で行っていない手続きのお知らせが届いた場合は、ログインIDと、メールに記載のロックコードを入力してください。ただちにログインと本人確認の手続きを停止します。',
      warn: '停止すると、ご自身でもログインできなくなります。再開には、お電話での本人確認が必要です。',
      lockCodeHint: 'お知らせメールに記載の8文字の英数字',
      submit: 'ログインを停止する',
      accepted:
        '受け付けました。ログインIDとロックコードが正しい場合は、ログインと本人確認の手続きを停止し、ご登録のメールアドレスにお知らせしました。',
      next: '念のため、お問い合わせ窓口までお電話ください。',
    },
    mailbox: {
      title: 'デモ用メールボックス',
      lead: 'デモモードでのみ表示されます。送信待ちのメール（通知の送信箱）を新しい順に表示します。',
      filter: '宛先で絞り込む',
      all: 'すべて',
      empty: 'メールはありません。',
      to: '宛先',
      at: '日時',
    },
  },
  {
    status: {
      title: 'Check a request',
      lead: 'Enter your login ID and reference number to see what was done and when.',
      referenceHint: 'e.g. R-20261125-7KQ4M2 (on the completion screen and in the notice email)',
      submit: 'Check',
      foundTitle: 'Request',
      kindRecovery: 'Passkeys removed by you',
      kindStaff: 'Login method reset after identity check by phone',
      when: 'When',
      what: 'What',
      result: (n: number) =>
        n > 0
          ? `Removed ${plural(n, 'passkey')} and turned on login with ID and password.`
          : 'Turned on login with ID and password (there were no passkeys to remove).',
      notFound: 'No matching request was found. Please check the login ID and reference number.',
      notMeLink: 'If you did not do this',
    },
    notMe: {
      title: 'Received a notice you don’t recognise?',
      lead: 'If you got a notice about something you did not do, enter your login ID and the lock code from the email. We stop login and identity checks on the account at once.',
      warn: 'You will not be able to log in either. To resume, we need to confirm your identity by phone.',
      lockCodeHint: 'The 8 letters and digits in the notice email',
      submit: 'Stop login',
      accepted:
        'Received. If the login ID and lock code were right, login and identity checks are now stopped and we have emailed your registered address.',
      next: 'To be safe, please call our support line.',
    },
    mailbox: {
      title: 'Demo mailbox',
      lead: 'Shown in demo mode only: the notification outbox, newest first.',
      filter: 'Filter by recipient',
      all: 'All',
      empty: 'No messages.',
      to: 'To',
      at: 'Date',
    },
  },
);
