import { z } from 'zod';
import { text } from '../http/text';

/** Login IDs are stored and compared NFKC + lower-case, so ＤＥＭＯ－ｌｏｃｋｅｄ finds demo-locked. */
export function normalizeLoginId(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

// Every string field starts with text(): a lone surrogate or a NUL is a 400 `format`, before any
// attempt is counted (docs/design.md#request-bodies).
export const loginIdField = text({ error: 'required' })
  .transform(normalizeLoginId)
  .pipe(z.string().min(1, { error: 'required' }).max(64, { error: 'too_long' }));

export const passwordField = text({ error: 'required' })
  .min(1, { error: 'required' })
  .max(128, { error: 'too_long' });

/** Shared by the /login form, its server action and POST /api/v1/session/password. */
export const passwordLoginSchema = z.object({ loginId: loginIdField, password: passwordField });
export type PasswordLoginInput = z.input<typeof passwordLoginSchema>;

export const staffLoginSchema = z.object({
  email: text({ error: 'required' }).trim().toLowerCase().pipe(z.email({ error: 'invalid_email' }).max(254)),
  password: passwordField,
});
export type StaffLoginInput = z.input<typeof staffLoginSchema>;
