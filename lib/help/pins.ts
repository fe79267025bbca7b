/**
 * Best bets: for the most common intents, support staff decide which article answers them, the
 * way help desks pin a "key match". A pin applies when the query's required concepts are exactly
 * the listed synonym groups (whatever the spelling: パスキー消したい, ぱすきー 解除, remove passkey);
 * the pinned article then ranks first if it matched at all. Slugs are the same in both languages.
 */
export const SEARCH_PINS: Array<{ groups: string[]; slug: string }> = [
  { groups: ['passkey', 'remove'], slug: 'passkey-remove-recovery' },
  { groups: ['passkey'], slug: 'passkey-what-is' },
  { groups: ['login'], slug: 'login-trouble' },
  { groups: ['login', 'passkey'], slug: 'passkey-cannot-login' },
  { groups: ['biometric'], slug: 'passkey-face-id-fails' },
  { groups: ['change-phone'], slug: 'passkey-change-phone' },
  { groups: ['change-phone', 'login'], slug: 'passkey-change-phone' },
  { groups: ['pc'], slug: 'passkey-pc-site' },
  { groups: ['login', 'pc'], slug: 'passkey-pc-site' },
  { groups: ['password'], slug: 'password-forgot' },
  { groups: ['login-id'], slug: 'login-id-forgot' },
  { groups: ['lock'], slug: 'account-locked' },
  { groups: ['two-step'], slug: 'two-step-what-is' },
];

/** The pinned slug for a set of required synonym groups (null when a plain word is among them). */
export function pinnedSlug(groups: Array<string | null>): string | null {
  if (!groups.length || groups.some((g) => g === null)) return null;
  const key = [...new Set(groups as string[])].sort().join('+');
  return SEARCH_PINS.find((p) => [...p.groups].sort().join('+') === key)?.slug ?? null;
}
