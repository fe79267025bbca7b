import { defineCatalog } from '../types';
import { plural } from '../format';

/** The last screen of /recovery: 受付番号, what changed, how to delete the dead passkey from the device. */
export const recoveryDone = defineCatalog(
  {
    title: '手続きが完了しました',
    referenceLabel: '受付番号',
    referenceNote: 'お問い合わせの際にお伝えください。メモや画面の保存をおすすめします。',
    completedAt: '完了日時：',
    changedTitle: '変更した内容',
    revoked: (n: number) => (n > 0 ? `パスキー${n}件を削除しました。` : '削除するパスキーはありませんでした。'),
    passwordOn: 'ログインIDとパスワードでログインできるようにしました。',
    loggedOut: 'ログイン中だった端末は、すべてログアウトしました。',
    emailed: 'ご登録のメールアドレスに、完了のお知らせをお送りしました。',
    deviceTitle: '端末に残ったパスキーを削除してください',
    deviceLead:
      'スマートフォンなどには、使えなくなったパスキーが残って表示されることがあります。次の手順で削除してください。',
    domain: (domain: string) => `パスキーは、当社の名前ではなく「${domain}」という名前で表示されます。`,
    once: '削除は1台で1回だけで十分です。同じ Apple アカウント（iCloud）や Google アカウントの端末には、自動で反映されます。',
    iphoneTitle: 'iPhone・iPad（iOS 18 以降）',
    iphone:
      '「パスワード」App を開き、「パスキー」を選びます。当社のドメインを選び、「編集」→「パスキーを削除」の順に押します。',
    iphoneOld: 'iOS 17 以前では、「設定」→「パスワード」から同じように削除できます。',
    androidTitle: 'Android（Google パスワード マネージャー）',
    android:
      '「設定」→「Google」→「Google の自動入力」→「Google パスワード マネージャー」を開きます。当社のドメインを選び、「削除」を押します。',
    androidChrome:
      'Chrome の右上のメニュー →「パスワードと自動入力」→「Google パスワード マネージャー」からも開けます。',
    signalNote:
      'お使いのブラウザが対応している場合は、この画面を開いたときに、端末へパスキーが無効になったことを自動でお知らせしています。',
    toLogin: 'ログイン画面へ',
    statusHint: '手続きの内容は「手続き状況の確認」で、ログインIDと受付番号からいつでも確認できます。',
    statusLink: '手続き状況の確認',
  },
  {
    title: 'All done',
    referenceLabel: 'Reference number',
    referenceNote: 'Please quote it if you contact us. We recommend noting it down or saving this screen.',
    completedAt: 'Completed: ',
    changedTitle: 'What changed',
    revoked: (n: number) => (n > 0 ? `We removed ${plural(n, 'passkey')}.` : 'There were no passkeys to remove.'),
    passwordOn: 'You can log in with your login ID and password.',
    loggedOut: 'Every device that was logged in has been logged out.',
    emailed: 'We sent a notice to your registered email address.',
    deviceTitle: 'Delete the old passkey from your device',
    deviceLead: 'Your phone may still show the passkey, which no longer works. Delete it like this:',
    domain: (domain: string) => `Your device lists the passkey under “${domain}”, not under our name.`,
    once: 'Deleting it once is enough: it disappears from your other devices on the same Apple Account (iCloud) or Google Account.',
    iphoneTitle: 'iPhone and iPad (iOS 18 or later)',
    iphone: 'Open the Passwords app and tap Passkeys. Choose our domain, tap Edit, then Delete Passkey.',
    iphoneOld: 'On iOS 17 or earlier, the same list is under Settings → Passwords.',
    androidTitle: 'Android (Google Password Manager)',
    android:
      'Open Settings → Google → Autofill with Google → Google Password Manager. Choose our domain and tap Delete.',
    androidChrome: 'You can also open it from Chrome’s menu → Passwords and autofill → Google Password Manager.',
    signalNote:
      'If your browser supports it, opening this screen has already told your device that the passkey is no longer valid.',
    toLogin: 'Go to login',
    statusHint:
      'You can look up this passkey removal at any time under “Check a request”, with your login ID and reference number.',
    statusLink: 'Check a request',
  },
);
