import { z } from 'zod';
import { text } from '../http/text';
import { loginIdField, passwordField } from '../auth/schemas';
import { parseBirthDate } from './normalize';

/**
 * One schema per recovery form, shared by the react-hook-form resolver, the server action and the JSON
 * API. Error messages are codes (`required`, `format`, …) that the UI translates. Unknown keys are
 * stripped: the account is only ever taken from the flow row, never from the request (RT-10).
 */

/** Full-width digits and stray separators are what people type on a phone: normalize before checking. */
const digits = (length: number) =>
  text({ error: 'required' })
    .transform((v) => v.normalize('NFKC').replace(/[\s\-‐－ー―]/g, ''))
    .pipe(
      z
        .string()
        .min(1, { error: 'required' })
        .regex(new RegExp(`^\\d{${length}}$`), { error: 'format' }),
    );

/**
 * 生年月日 as `YYYY-MM-DD`. Also accepts what customers type: 19850412, 1985/4/12, 1985年4月12日, full-width
 * digits, and 和暦 (S60.4.12, 昭和60年4月12日, 平成元年1月8日 — lib/recovery/normalize.ts). Dates in the future,
 * before 1900 or outside their era are refused.
 */
export const birthDateField = text({ error: 'required' }).transform((v, ctx) => {
  if (!v.normalize('NFKC').trim()) {
    ctx.addIssue({ code: 'custom', message: 'required' });
    return z.NEVER;
  }
  const date = parseBirthDate(v);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'format' });
    return z.NEVER;
  }
  return date;
});

export const credentialsSchema = z.object({ loginId: loginIdField, password: passwordField });
export type CredentialsInput = z.input<typeof credentialsSchema>;

export const secretQuestionSchema = z.object({
  answer: text({ error: 'required' }).trim().min(1, { error: 'required' }).max(100, { error: 'too_long' }),
});
export type SecretQuestionInput = z.input<typeof secretQuestionSchema>;

export const accountDataSchema = z.object({
  birthDate: birthDateField,
  branchCode: digits(3),
  accountNumber: digits(7),
});
export type AccountDataInput = z.input<typeof accountDataSchema>;

export const otpSchema = z.object({ code: digits(6) });
export type OtpInput = z.input<typeof otpSchema>;

/** The review checkbox: nothing is revoked without an explicit `true`. */
export const completeSchema = z.object({ confirm: z.literal(true, { error: 'confirm_required' }) });
export type CompleteInput = z.input<typeof completeSchema>;

/** 受付番号 R-20261125-7KQ4M2, typed in any width or case. */
export const referenceNumberField = text({ error: 'required' })
  .transform((v) =>
    v
      .normalize('NFKC')
      .trim()
      .toUpperCase()
      .replace(/[‐－ー―]/g, '-'),
  )
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .regex(/^R-\d{8}-[A-Z0-9]{6}$/, { error: 'format' }),
  );

export const statusLookupSchema = z.object({ loginId: loginIdField, referenceNumber: referenceNumberField });
export type StatusLookupInput = z.input<typeof statusLookupSchema>;

/** The 8-character lock code of a notification email (same normalization as lib/notify's normalizeLockCode). */
export const lockCodeField = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .regex(/^[A-Z0-9]{8}$/, { error: 'format' }),
  );

export const notMeSchema = z.object({ loginId: loginIdField, lockCode: lockCodeField });
export type NotMeInput = z.input<typeof notMeSchema>;

/** 取引暗証番号: 4 ASCII digits after NFKC (full-width digits are what a phone keyboard may give). */
export const tradingPinField = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').replace(/\s/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .regex(/^[0-9]{4}$/, { error: 'format' }),
  );

/** Password kind, step 1: 「ログインID」「取引暗証番号」. */
export const credentialsPinSchema = z.object({ loginId: loginIdField, tradingPin: tradingPinField });
export type CredentialsPinInput = z.input<typeof credentialsPinSchema>;

/**
 * A new password as typed. Only presence and a hard size cap here (so an oversized body never reaches
 * NFKC or argon2); the rules (10–128 characters after NFKC, dictionaries, login ID, birth date, brand,
 * current password) are the server's, in lib/auth/password-policy.ts, answered as `weak_password`.
 */
export const newPasswordField = text({ error: 'required' })
  .min(1, { error: 'required' })
  .max(1024, { error: 'too_long' });

/** 「新しいパスワード」 twice (the web form). A mismatch is the reason `mismatch` of `weak_password`. */
export const newPasswordSchema = z.object({ password: newPasswordField, confirmPassword: newPasswordField });
export type NewPasswordInput = z.input<typeof newPasswordSchema>;

/** The JSON API's POST /api/v1/recovery/flow/new-password: `confirmPassword` is optional there. */
export const newPasswordApiSchema = z.object({
  password: newPasswordField,
  confirmPassword: newPasswordField.optional(),
});

/** /recovery/resume: login ID + 受付番号 of the waiting flow. */
export const resumeSchema = z.object({ loginId: loginIdField, referenceNumber: referenceNumberField });
export type ResumeInput = z.input<typeof resumeSchema>;

/** 登録メールアドレス: compared NFKC + lower-case. */
export const emailField = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .max(254, { error: 'too_long' })
      .pipe(z.email({ error: 'format' })),
  );

/** /recovery/login-id (「ログインIDをお忘れの方」). */
export const loginIdReminderSchema = z.object({
  birthDate: birthDateField,
  branchCode: digits(3),
  accountNumber: digits(7),
  email: emailField,
});
export type LoginIdReminderInput = z.input<typeof loginIdReminderSchema>;

/** POST /api/v1/recovery/flows: `{kind}`, default `passkey`. */
export const startFlowSchema = z.object({ kind: z.enum(['passkey', 'password'], { error: 'format' }).optional() });

/** Field errors as `{ field: code }`: the one helper every form uses (lib/forms). */
export { fieldErrorsOf } from '../forms/action-state';
