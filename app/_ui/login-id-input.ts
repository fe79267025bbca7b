import { LOGIN_ID_MAX_LENGTH } from '@/lib/forms/fields';

/**
 * The attributes of every recovery form's login-ID input: the password manager's username, no capital or spelling
 * fix on a phone, and the schema's length (lib/forms/fields.ts).
 */
export const LOGIN_ID_INPUT = {
  autoComplete: 'username',
  autoCapitalize: 'none',
  spellCheck: false,
  maxLength: LOGIN_ID_MAX_LENGTH,
} as const;
