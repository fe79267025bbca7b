import { plural } from '../format';
import { defineCatalog } from '../types';

/** The first screen of /recovery (docs/design.md#steps): reassurance first, then why, what changes, what to have ready. */
export const recoveryIntro = defineCatalog(
  {
    title: 'パスキーを解除して、ID・パスワードでログインできるようにします',
    reassureTitle: 'ご安心ください',
    reassure: [
      '故障やお客さまの操作ミスではありません。お預かり資産、ご注文、保有銘柄はそのままです。',
      'ご本人であることを確認できれば、5分ほどで、ご自身でふたたびログインできるようになります。',
    ],
    lead: 'パスキーが使えずログインできない方のための手続きです。ご本人であることを確認できたら、パスキーを解除し、ログインIDとパスワードでログインできるようにします。',
    whyTitle: 'なぜログインできないのですか',
    why: '取引アプリでパスキーを作成すると、安全のため、取引アプリでも当社ウェブサイト（スマートフォン・パソコン）でも、パスキーでしかログインできなくなります。そのため、Face IDなどがうまくいかないときや、機種変更したとき、パスキーのないパソコンからは、ログインできなくなります。',
    changesTitle: 'この手続きで変わること',
    changes: [
      'ご登録のパスキーを、すべての端末ですべて削除します。',
      'ログインIDとパスワードで、ふたたびログインできるようになります。',
      'ログイン中の端末は、安全のためすべてログアウトします。',
      '完了すると、ご登録のメールアドレスにお知らせが届きます。',
    ],
    unchanged: 'パスワード、ご注文、保有銘柄、お預かり資産は変わりません。',
    again:
      'あとでパスキーを作り直すと、ふたたびパスキーでしかログインできなくなります。作り直す前に、そのパスキーを使う端末がお手元にあるかお確かめください。',
    prepareTitle: 'ご用意いただくもの',
    prepare: [
      'ログインIDとパスワード',
      'ご登録時に設定した秘密の質問の答え',
      '生年月日、部店コード（3桁）、口座番号（7桁）：「口座開設のご案内」や「取引報告書」に記載されています',
      'ご登録のメールアドレスでメールを受け取れる端末（確認コードが届きます）',
    ],
    forgotPassword: 'パスワードをお忘れの方',
    forgotLoginId: 'ログインIDをお忘れの方',
    time: (minutes: number) => `所要時間は5分ほどです。手続きは開始から${minutes}分間有効で、途中で延長もできます。`,
    start: '本人確認をはじめる',
  },
  {
    title: 'Remove your passkeys and log in with your ID and password again',
    reassureTitle: 'Nothing is wrong with your account',
    reassure: [
      'This is not a fault, and you did nothing wrong. Your assets, orders and holdings are safe and unchanged.',
      'Once we have confirmed it is you, you can log in again yourself in about five minutes.',
    ],
    lead: 'This is for customers who cannot log in because their passkey does not work. Once we have confirmed it is you, we remove your passkeys and turn login with your ID and password back on.',
    whyTitle: 'Why can’t I log in?',
    why: 'Once a passkey is created in the trading app, only passkey login is accepted — in the trading app and on our website, on your phone or a computer — for your safety. So when Face ID fails, after you change phones, or on a computer without the passkey, you cannot log in.',
    changesTitle: 'What this changes',
    changes: [
      'All your passkeys are removed, on every device.',
      'You can log in with your login ID and password again.',
      'Every device that is logged in is logged out, for your safety.',
      'We send a notice to your registered email address when it is done.',
    ],
    unchanged: 'Your password, orders, holdings and assets are not affected.',
    again:
      'If you create a passkey again later, only passkey login will be accepted again. Before you do, make sure you have the device that holds it.',
    prepareTitle: 'What you need',
    prepare: [
      'Your login ID and password',
      'The answer to the secret question you registered',
      'Your date of birth, branch code (3 digits) and account number (7 digits): they are on your account opening letter and your trade reports',
      'A device that receives email at your registered address (we send a confirmation code)',
    ],
    forgotPassword: 'Forgot your password?',
    forgotLoginId: 'Forgot your login ID?',
    time: (minutes: number) =>
      `It takes about 5 minutes. You have ${plural(minutes, 'minute')} from the start, and you can ask for more time.`,
    start: 'Start identity check',
  },
);
