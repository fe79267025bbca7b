import { z } from 'zod';

/** Login IDs are stored and compared NFKC + lower-case, so ＤＥＭＯ－ｌｏｃｋｅｄ finds demo-locked. */
export function normalizeLoginId(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

export const loginIdField = z
  .string({ error: 'required' })
  .transform(normalizeLoginId)
  .pipe(z.string().min(1, { error: 'required' }).max(64, { error: 'too_long' })
    // PostgreSQL text cannot hold NUL: refuse it here (400) instead of failing in the database (503).
    .refine((v) => !v.includes('\u0000'), { error: 'format' }));

export const passwordField = z
  .string({ error: 'required' })
  .min(1, { error: 'required' })
  .max(128, { error: 'too_long' });

/** Shared by the /login form, its server action and POST /api/v1/session/password. */
export const passwordLoginSchema = z.object({ loginId: loginIdField, password: passwordField });
export type PasswordLoginInput = z.input<typeof passwordLoginSchema>;

export const staffLoginSchema = z.object({
  email: z.string({ error: 'required' }).trim().toLowerCase().pipe(z.email({ error: 'invalid_email' }).max(254)),
  password: passwordField,
});
export type StaffLoginInput = z.input<typeof staffLoginSchema>;
