import { defineCatalog } from '../types';

/** Step 5 of /recovery: the passkeys to be removed and the consent. */
export const recoveryReview = defineCatalog(
  {
    title: '削除するパスキーをご確認ください',
    lead: '次のパスキーをすべて削除し、ログインIDとパスワードでログインできるようにします。',
    caption: '削除するパスキー',
    nickname: '名前',
    authenticator: '保存先',
    created: '作成日',
    lastUsed: '最終利用日',
    neverUsed: '利用なし',
    none: '有効なパスキーはありません。ID・パスワードでのログインを有効にします。',
    safe: 'ご注文、保有銘柄、お預かり資産には影響ありません。',
    afterTitle: '手続きのあと',
    after: [
      'これらのパスキーは、どの端末でも使えなくなります。',
      'ログイン中の端末は、すべてログアウトします。',
      '取引アプリを開くと、ログイン画面が表示されます。ログインIDとパスワードでログインしてください（自動ではログインしません）。',
    ],
    consent: '上記のパスキーを削除し、ID・パスワードでのログインを有効にすることに同意します',
    submit: 'パスキーを削除する',
    submitting: '削除しています…',
  },
  {
    title: 'Check the passkeys to be removed',
    lead: 'We will remove all of these passkeys and let you log in with your login ID and password.',
    caption: 'Passkeys to be removed',
    nickname: 'Name',
    authenticator: 'Stored in',
    created: 'Created',
    lastUsed: 'Last used',
    neverUsed: 'Never',
    none: 'There is no active passkey. We will turn on login with your ID and password.',
    safe: 'Your orders, holdings and assets are not affected.',
    afterTitle: 'Afterwards',
    after: [
      'These passkeys stop working on every device.',
      'Every device that is logged in is logged out.',
      'When you open the trading app, it shows the login screen. Log in with your login ID and password (you are not logged in automatically).',
    ],
    consent: 'I agree to remove the passkeys above and turn on login with my ID and password',
    submit: 'Remove passkeys',
    submitting: 'Removing…',
  },
);
