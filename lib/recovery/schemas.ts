import { z } from 'zod';
import { text } from '../http/text';
import { loginIdField } from '../auth/schemas';
import {
  birthDateField,
  digits,
  formShapes,
  newPasswordField,
  tradingPinField,
  type AccountDataInput,
  type CompleteInput,
  type CredentialsInput,
  type CredentialsPinInput,
  type NewPasswordInput,
  type OtpInput,
  type SecretQuestionInput,
} from './form-schemas';

/**
 * One schema per recovery form, shared by the server action and the JSON API; the step forms' fields are those of
 * lib/recovery/form-schemas.ts (zod/mini), which the browser checks with. Error messages are codes (`required`,
 * `format`, …) that the UI translates. Unknown keys are stripped: the account is only ever taken from the flow row,
 * never from the request (RT-10).
 */

export { birthDateField, tradingPinField, newPasswordField };

export const credentialsSchema = z.object(formShapes.credentials);
export const secretQuestionSchema = z.object(formShapes.secretQuestion);
export const accountDataSchema = z.object(formShapes.accountData);
export const otpSchema = z.object(formShapes.otp);
/** The review checkbox: nothing is revoked without an explicit `true`. */
export const completeSchema = z.object(formShapes.complete);
export type { CredentialsInput, SecretQuestionInput, AccountDataInput, OtpInput, CompleteInput };

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

/** Password kind, step 1: 「ログインID」「取引暗証番号」. */
export const credentialsPinSchema = z.object(formShapes.credentialsPin);
export type { CredentialsPinInput };

/** 「新しいパスワード」 twice (the web form). A mismatch is the reason `mismatch` of `weak_password`. */
export const newPasswordSchema = z.object(formShapes.newPassword);
export type { NewPasswordInput };

/** The JSON API's POST /api/v1/recovery/flow/new-password: `confirmPassword` is optional there. */
export const newPasswordApiSchema = z.object({
  password: newPasswordField,
  confirmPassword: z.optional(newPasswordField),
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
