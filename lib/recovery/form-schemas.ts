import { z } from 'zod/mini';
import { loginIdField, passwordField, textField } from '../forms/fields';
import { parseBirthDate } from './normalize';

/*
 * The fields of the /recovery step forms, written once in zod/mini: the browser checks a step's form with the small
 * object schema here (`…Form`), and lib/recovery/schemas.ts builds the server's schemas (server actions, JSON API)
 * from the same shapes. Error messages are codes (`required`, `format`, …) that the UI translates. Unknown keys are
 * stripped: the account is only ever taken from the flow row, never from the request (RT-10).
 */

/** Full-width digits and stray separators are what people type on a phone: normalize before checking. */
export const digits = (length: number) =>
  z.pipe(
    z.pipe(
      textField({ error: 'required' }),
      z.transform((v: string) => v.normalize('NFKC').replace(/[\s\-‐－ー―]/g, '')),
    ),
    z
      .string()
      .check(z.minLength(1, { error: 'required' }), z.regex(new RegExp(`^\\d{${length}}$`), { error: 'format' })),
  );

/**
 * 生年月日 as `YYYY-MM-DD`. Also accepts what customers type: 19850412, 1985/4/12, 1985年4月12日, full-width
 * digits, and 和暦 (S60.4.12, 昭和60年4月12日, 平成元年1月8日 — lib/recovery/normalize.ts). Dates in the future,
 * before 1900 or outside their era are refused.
 */
export const birthDateField = z.pipe(
  textField({ error: 'required' }).check(
    z.refine((v: string) => v.normalize('NFKC').trim() !== '', { error: 'required', abort: true }),
    z.refine((v: string) => parseBirthDate(v) !== null, { error: 'format', abort: true }),
  ),
  z.transform((v: string) => parseBirthDate(v)!),
);

/** 取引暗証番号: 4 ASCII digits after NFKC (full-width digits are what a phone keyboard may give). */
export const tradingPinField = z.pipe(
  z.pipe(
    textField({ error: 'required' }),
    z.transform((v: string) => v.normalize('NFKC').replace(/\s/g, '')),
  ),
  z.string().check(z.minLength(1, { error: 'required' }), z.regex(/^[0-9]{4}$/, { error: 'format' })),
);

/**
 * A new password as typed. Only presence and a hard size cap here (so an oversized body never reaches
 * NFKC or argon2); the rules (10–128 characters after NFKC, dictionaries, login ID, birth date, brand,
 * current password) are the server's, in lib/auth/password-policy.ts, answered as `weak_password`.
 */
export const newPasswordField = textField({ error: 'required' }).check(
  z.minLength(1, { error: 'required' }),
  z.maxLength(1024, { error: 'too_long' }),
);

/** The shape of each step's form (the server's schemas are `z.object` of these). */
export const formShapes = {
  credentials: { loginId: loginIdField, password: passwordField },
  secretQuestion: {
    answer: textField({ error: 'required' }).check(
      z.trim(),
      z.minLength(1, { error: 'required' }),
      z.maxLength(100, { error: 'too_long' }),
    ),
  },
  accountData: { birthDate: birthDateField, branchCode: digits(3), accountNumber: digits(7) },
  otp: { code: digits(6) },
  /** The review checkbox: nothing is revoked without an explicit `true`. */
  complete: { confirm: z.literal(true, { error: 'confirm_required' }) },
  /** Password kind, step 1: 「ログインID」「取引暗証番号」. */
  credentialsPin: { loginId: loginIdField, tradingPin: tradingPinField },
  /** 「新しいパスワード」 twice (the web form). A mismatch is the reason `mismatch` of `weak_password`. */
  newPassword: { password: newPasswordField, confirmPassword: newPasswordField },
};

/** The browser's check of each step's form, before it posts. */
export const credentialsForm = z.object(formShapes.credentials);
export const secretQuestionForm = z.object(formShapes.secretQuestion);
export const accountDataForm = z.object(formShapes.accountData);
export const otpForm = z.object(formShapes.otp);
export const completeForm = z.object(formShapes.complete);
export const credentialsPinForm = z.object(formShapes.credentialsPin);
export const newPasswordForm = z.object(formShapes.newPassword);

export type CredentialsInput = z.input<typeof credentialsForm>;
export type SecretQuestionInput = z.input<typeof secretQuestionForm>;
export type AccountDataInput = z.input<typeof accountDataForm>;
export type OtpInput = z.input<typeof otpForm>;
export type CompleteInput = z.input<typeof completeForm>;
export type CredentialsPinInput = z.input<typeof credentialsPinForm>;
export type NewPasswordInput = z.input<typeof newPasswordForm>;
