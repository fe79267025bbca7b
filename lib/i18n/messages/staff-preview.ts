import { defineCatalog } from '../types';

/** Staff console, /staff/preview (screens and emails). Japanese first; English by meaning. */
export const staffPreviewMessages = defineCatalog(
  {
    preview: {
      banner: 'プレビュー',
      bannerNote:
        '表示のみの見本です。お客さまの画面と同じ部品を、見本のデータで表示しています。送信しても何も保存されません。',
      title: '画面プレビュー',
      lead: '本人確認の手続き（パスキーの解除、パスワードの再設定）の各画面と、お客さまに送るメールの見本です。',
      states: '手続きの画面',
      statesPasskey: '手続きの画面（パスキーの解除）',
      statesPassword: '手続きの画面（パスワードの再設定）',
      statesPasswordNote: '確認コードは2回入力します。待機期間の前と、再開したあとです。',
      pages: 'ログインIDのお知らせ・手続きの再開',
      errors: 'エラー表示',
      emails: 'お知らせメール',
      open: '表示',
      lang: '言語',
      width: '表示幅',
      phone: 'スマートフォン（390px）',
      desktop: 'パソコン（1280px）',
      both: '両方',
      backToMap: 'プレビュー一覧に戻る',
      frameTitle: (state: string, width: string) => `${state}のプレビュー（${width}）`,
      emailSubject: '件名',
      emailBody: '本文',
      notAvailable: 'この画面の部品はまだ用意されていません。',
    },
  },
  {
    preview: {
      banner: 'Preview',
      bannerNote:
        'A sample for viewing only: the components of the customer’s screens with sample data. Nothing you submit is saved.',
      title: 'Screen preview',
      lead: 'Every screen of the recovery flows (passkey removal and password reset), and the emails customers receive.',
      states: 'Flow screens',
      statesPasskey: 'Flow screens (passkey removal)',
      statesPassword: 'Flow screens (password reset)',
      statesPasswordNote: 'The email code is entered twice: before the waiting period and after resuming.',
      pages: 'Login ID reminder and resuming',
      errors: 'Error states',
      emails: 'Notification emails',
      open: 'Open',
      lang: 'Language',
      width: 'Width',
      phone: 'Phone (390px)',
      desktop: 'Desktop (1280px)',
      both: 'Both',
      backToMap: 'Back to all previews',
      frameTitle: (state: string, width: string) => `Preview of ${state} (${width})`,
      emailSubject: 'Subject',
      emailBody: 'Body',
      notAvailable: 'The components for this screen are not available yet.',
    },
  },
);
