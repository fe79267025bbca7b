import { z } from 'zod';
import { text } from '../http/text';
import { loginIdField, normalizeLoginId, passwordField } from '../forms/fields';

// Every string field starts with text(): a lone surrogate or a NUL is a 400 `format`, before any
// attempt is counted (docs/design.md#request-bodies). The login ID and password fields are client-safe (zod/mini),
// shared with the browser's forms.
export { loginIdField, normalizeLoginId, passwordField };

/** Shared by the /login form, its server action and POST /api/v1/session/password. */
export const passwordLoginSchema = z.object({ loginId: loginIdField, password: passwordField });
export type PasswordLoginInput = z.input<typeof passwordLoginSchema>;

export const staffLoginSchema = z.object({
  email: text({ error: 'required' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'invalid_email' }).max(254)),
  password: passwordField,
});
export type StaffLoginInput = z.input<typeof staffLoginSchema>;

/** A WebAuthn response as the browser's JSON text (parsed by the action; bounded before any parsing). */
const webauthnResponseText = z.string().min(2).max(20_000);

/** The second half of a passkey ceremony: the server-held challenge and the browser's response. */
export const passkeyResponseSchema = z.object({ challengeId: z.uuid(), response: webauthnResponseText });
export type PasskeyResponseInput = z.input<typeof passkeyResponseSchema>;

/** A passkey's name as the customer types it on /account/security. */
export const passkeyNicknameField = text().trim().min(1, { error: 'required' }).max(40, { error: 'too_long' });

const credentialIdField = z.string().min(1).max(1024);
export const renamePasskeySchema = z.object({ credentialId: credentialIdField, nickname: passkeyNicknameField });
export const removePasskeySchema = z.object({ credentialId: credentialIdField });

/** 「本人確認」 with the password on /account/security. */
export const stepUpPasswordSchema = z.object({ password: passwordField });
