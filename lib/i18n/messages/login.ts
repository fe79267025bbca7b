import { formatWait } from '../format';
import { defineCatalog } from '../types';

export const loginMessages = defineCatalog(
  {
    title: 'ログイン',
    lead: 'ログインIDとパスワード、またはパスキーでログインしてください。',
    loginId: 'ログインID',
    password: 'パスワード',
    submit: 'ログイン',
    passkey: 'パスキーでログイン',
    or: 'または',
    trouble: 'ログインでお困りの方',
    passkeyRequired: 'パスキーが作成されているためログインできません',
    passkeyRequiredBody: 'このアカウントは、パスキーでログインするよう設定されています。',
    /** The refusal is where fear is highest: not a fault, assets safe, fixable alone in about five minutes. */
    passkeyRequiredReassure: [
      '故障やお客さまの操作ミスではありません。お預かり資産、ご注文、保有銘柄はそのままです。',
      'パスキーを使えない場合は、本人確認のうえパスキーを解除すると、5分ほどで、ご自身でID・パスワードでログインできるようになります。',
    ],
    toRecovery: 'パスキーを解除する',
    invalidCredentials: 'ログインIDまたはパスワードが正しくありません。',
    accountLocked: 'このアカウントは現在ログインを停止しています。お手数ですが、お問い合わせ窓口までお電話ください。',
    rateLimited: 'ログインの試行回数が多すぎます。しばらくしてからお試しください。',
    passkeyFailed: 'パスキーでログインできませんでした。もう一度お試しいただくか、ログインでお困りの方をご覧ください。',
    passkeyCancelled: 'パスキーの操作が取り消されました。',
    passkeyUnsupported: 'このブラウザはパスキーに対応していません。',
    passkeyWorking: 'パスキーを確認しています…',
    signingIn: 'ログインしています…',
    required: (label: string) => `${label}を入力してください。`,
    tooLong: (label: string) => `${label}が長すぎます。`,
    rateLimitedWait: (seconds: number) =>
      `このログインIDでパスワードの誤りが続いたため、ログインを一時的に停止しています。${formatWait(seconds, 'ja')}ほど待ってから、もう一度お試しください。`,
    loginSuspended:
      'このログインIDは、パスワードの誤りが続いたため、パスワードでのログインを停止しています。「ログインでお困りの方」から本人確認の手続きを行うか、お問い合わせ窓口までお電話ください。',
  },
  {
    title: 'Log in',
    lead: 'Log in with your login ID and password, or with a passkey.',
    loginId: 'Login ID',
    password: 'Password',
    submit: 'Log in',
    passkey: 'Log in with a passkey',
    or: 'or',
    trouble: 'Trouble logging in?',
    passkeyRequired: 'You cannot log in because a passkey has been created',
    passkeyRequiredBody: 'This account is set to log in with a passkey.',
    passkeyRequiredReassure: [
      'This is not a fault, and you did nothing wrong. Your assets, orders and holdings are safe and unchanged.',
      'If you cannot use your passkey, confirm it is you and remove it: in about five minutes you can log in with your ID and password again, by yourself.',
    ],
    toRecovery: 'Remove my passkeys',
    invalidCredentials: 'The login ID or password is incorrect.',
    accountLocked: 'Login is currently suspended for this account. Please call our support line.',
    rateLimited: 'Too many login attempts. Please try again later.',
    passkeyFailed: 'We could not log you in with a passkey. Please try again, or see “Trouble logging in?”.',
    passkeyCancelled: 'The passkey request was cancelled.',
    passkeyUnsupported: 'This browser does not support passkeys.',
    passkeyWorking: 'Checking your passkey…',
    signingIn: 'Logging in…',
    required: (label: string) => `Please enter your ${label.toLowerCase()}.`,
    tooLong: (label: string) => `Your ${label.toLowerCase()} is too long.`,
    rateLimitedWait: (seconds: number) =>
      `There have been several wrong passwords for this login ID, so logging in is paused for a while. Please wait about ${formatWait(seconds, 'en')} and try again.`,
    loginSuspended:
      'Password login is suspended for this login ID after too many wrong passwords. Please verify your identity under “Trouble logging in?”, or call our support line.',
  },
);
