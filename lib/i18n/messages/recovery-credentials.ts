import { defineCatalog } from '../types';

/** Step 1 of /recovery: login ID and password. */
export const recoveryCredentials = defineCatalog(
  {
    title: 'ログインIDとパスワードを入力してください',
    lead: '取引アプリや当社ウェブサイトで使っていたログインIDとパスワードです。',
    passwordForgot: 'パスワードをお忘れの方',
    passwordForgotLead: 'パスワードがわからないときは、こちらから再設定できます。',
    showPassword: 'パスワードを表示',
    passwordCleared: '安全のため、パスワードの入力欄を空にしました。',
  },
  {
    title: 'Enter your login ID and password',
    lead: 'The login ID and password you used in the trading app or on our website.',
    passwordForgot: 'Forgot your password?',
    passwordForgotLead: 'If you do not know your password, you can set a new one here.',
    showPassword: 'Show password',
    passwordCleared: 'For your safety, we emptied the password field.',
  },
);
