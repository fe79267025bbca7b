/**
 * 「ログインでお困りの方」: the symptoms a customer can pick and where each one leads — the article
 * that explains it and the action that fixes it. The words live in the message catalog
 * (lib/i18n/messages/help.ts, `symptoms.<key>`); this is the routing.
 */
export const SYMPTOM_KEYS = [
  'passkey-message',
  'biometric-fails',
  'password-forgot',
  'login-id-forgot',
  'locked',
  'changed-phone',
  'pc-site',
  'lost-phone',
  'not-me',
] as const;

export type SymptomKey = (typeof SYMPTOM_KEYS)[number];

export type Symptom = {
  key: SymptomKey;
  /** The article that explains it. */
  article: string;
  /** The action that solves it, when there is one beyond reading (e.g. /recovery). */
  action?: { href: string; label: 'removePasskey' | 'notMeProcedure' | 'forgotPassword' | 'forgotLoginId' };
  /** Whether the action (rather than the article) is the screen's one primary button. */
  actionFirst: boolean;
  /** The six main symptoms are shown first; the rest under 「そのほかの症状」. */
  main: boolean;
};

export const SYMPTOMS: Record<SymptomKey, Symptom> = {
  'passkey-message': {
    key: 'passkey-message',
    article: 'passkey-cannot-login',
    action: { href: '/recovery', label: 'removePasskey' },
    actionFirst: true,
    main: true,
  },
  'biometric-fails': {
    key: 'biometric-fails',
    article: 'passkey-face-id-fails',
    action: { href: '/recovery', label: 'removePasskey' },
    actionFirst: false,
    main: true,
  },
  // One story for a forgotten password or login ID: the self-service flows, named as on /login (docs/copy-style.md).
  'password-forgot': {
    key: 'password-forgot',
    article: 'password-forgot',
    action: { href: '/recovery/password', label: 'forgotPassword' },
    actionFirst: true,
    main: true,
  },
  'login-id-forgot': {
    key: 'login-id-forgot',
    article: 'login-id-forgot',
    action: { href: '/recovery/login-id', label: 'forgotLoginId' },
    actionFirst: true,
    main: true,
  },
  locked: { key: 'locked', article: 'account-locked', actionFirst: false, main: true },
  'changed-phone': {
    key: 'changed-phone',
    article: 'passkey-change-phone',
    action: { href: '/recovery', label: 'removePasskey' },
    actionFirst: true,
    main: true,
  },
  'pc-site': {
    key: 'pc-site',
    article: 'passkey-pc-site',
    action: { href: '/recovery', label: 'removePasskey' },
    actionFirst: true,
    main: false,
  },
  'lost-phone': {
    key: 'lost-phone',
    article: 'passkey-lost-phone',
    action: { href: '/recovery', label: 'removePasskey' },
    actionFirst: false,
    main: false,
  },
  'not-me': {
    key: 'not-me',
    article: 'recovery-not-me',
    action: { href: '/recovery/not-me', label: 'notMeProcedure' },
    actionFirst: false,
    main: false,
  },
};

export function isSymptomKey(v: unknown): v is SymptomKey {
  return typeof v === 'string' && (SYMPTOM_KEYS as readonly string[]).includes(v);
}

/**
 * Articles about being locked out by a passkey: their page offers 「パスキーを解除する」 (→ /recovery)
 * as a call to action beside the text.
 */
export const RECOVERY_ARTICLES = new Set([
  'passkey-cannot-login',
  'passkey-face-id-fails',
  'passkey-change-phone',
  'passkey-pc-site',
  'passkey-lost-phone',
  'passkey-why-password-stops',
  'passkey-remove-recovery',
  'login-trouble',
]);
