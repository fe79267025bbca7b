import { formatWait } from '../format';
import { defineCatalog } from '../types';

/** Staff console, /staff/login. Japanese first; English by meaning. */
export const staffLoginMessages = defineCatalog(
  {
    login: {
      title: 'スタッフログイン',
      lead: 'サポートスタッフ専用のログイン画面です。お客さまはこちらからログインできません。',
      email: 'メールアドレス',
      password: 'パスワード',
      submit: 'ログイン',
      working: 'ログインしています…',
      failed: 'メールアドレスまたはパスワードが正しくありません。',
      customerLogin: 'お客さまのログインはこちら',
      rateLimited: (seconds: number) =>
        `パスワードの誤りが続いたため、ログインを一時的に停止しています。${formatWait(seconds, 'ja')}ほど待ってから、もう一度お試しください。`,
      suspended:
        'パスワードの誤りが続いたため、このメールアドレスでのパスワードによるログインを停止しています。管理者に解除を依頼してください。',
    },
  },
  {
    login: {
      title: 'Staff log in',
      lead: 'For support staff only. Customers cannot log in here.',
      email: 'Email address',
      password: 'Password',
      submit: 'Log in',
      working: 'Logging in…',
      failed: 'The email address or password is incorrect.',
      customerLogin: 'Customer log in',
      rateLimited: (seconds: number) =>
        `Logging in is paused for a while after several wrong passwords. Please wait about ${formatWait(seconds, 'en')} and try again.`,
      suspended:
        'Password login is suspended for this email address after too many wrong passwords. Please ask an administrator to lift it.',
    },
  },
);
