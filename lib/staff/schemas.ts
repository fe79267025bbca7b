import { FORM_FIELD } from '../forms/action-state';
import { z } from 'zod';
import { text } from '../http/text';
import { normalizeLoginId } from '../auth/schemas';
import { uuidField } from '../ids';

/**
 * One zod schema per staff form, shared by the react-hook-form resolver (client), the server action and
 * the lib/staff function (server). Zod only: this module is bundled into client components. Error
 * messages are codes the forms translate (lib/i18n/messages/staff.ts).
 */

const digits = (n: number, code: string) =>
  text()
    .transform((v) => v.normalize('NFKC').replace(/[\s-]/g, ''))
    .pipe(z.string().regex(new RegExp(`^(\\d{${n}})?$`), { error: code }));

/** A login ID, or 部店コード + 口座番号. */
export const customerSearchSchema = z
  .object({
    loginId: text().max(64, { error: 'too_long' }).default('').transform(normalizeLoginId),
    branchCode: digits(3, 'branch_code_format').default(''),
    accountNumber: digits(7, 'account_number_format').default(''),
  })
  .superRefine((v, ctx) => {
    const byAccount = v.branchCode !== '' || v.accountNumber !== '';
    if (v.loginId === '' && !byAccount) ctx.addIssue({ code: 'custom', path: [FORM_FIELD], message: 'need_criteria' });
    if (byAccount && v.branchCode === '') ctx.addIssue({ code: 'custom', path: ['branchCode'], message: 'required' });
    if (byAccount && v.accountNumber === '')
      ctx.addIssue({ code: 'custom', path: ['accountNumber'], message: 'required' });
  });
export type CustomerSearchInput = z.input<typeof customerSearchSchema>;

export const customerIdSchema = z.object({ customerId: uuidField });

// 電話本人確認による強制リセット ------------------------------------------------------------------------

export const CHECKLIST_ITEMS = ['name', 'birthDate', 'address', 'registeredPhone', 'recentTrade'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
/** Always verified on the phone … */
export const CHECKLIST_REQUIRED: readonly ChecklistItem[] = ['name', 'birthDate'];
/** … and at least this many items in all. */
export const CHECKLIST_MIN_CHECKED = 4;

export const checklistSchema = z
  .object({
    name: z.boolean(),
    birthDate: z.boolean(),
    address: z.boolean(),
    registeredPhone: z.boolean(),
    recentTrade: z.boolean(),
  })
  .strict();
export type Checklist = z.infer<typeof checklistSchema>;

export function checklistSufficient(c: Checklist): boolean {
  const checked = CHECKLIST_ITEMS.filter((k) => c[k]).length;
  return CHECKLIST_REQUIRED.every((k) => c[k]) && checked >= CHECKLIST_MIN_CHECKED;
}

const caseNumber = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').trim().toUpperCase())
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, { error: 'case_number_format' }),
  );

const reason = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').trim())
  .pipe(z.string().min(5, { error: 'reason_too_short' }).max(500, { error: 'too_long' }));

export const forcedResetRequestSchema = z
  .object({
    customerId: uuidField,
    checklist: checklistSchema,
    reason,
    caseNumber,
  })
  .superRefine((v, ctx) => {
    if (!checklistSufficient(v.checklist))
      ctx.addIssue({ code: 'custom', path: ['checklist'], message: 'checklist_insufficient' });
  });
export type ForcedResetRequestInput = z.input<typeof forcedResetRequestSchema>;

export const resetDecisionSchema = z.object({
  requestId: uuidField,
  note: text()
    .transform((v) => v.normalize('NFKC').trim())
    .pipe(z.string().max(500, { error: 'too_long' }))
    .optional(),
});
export type ResetDecisionInput = z.input<typeof resetDecisionSchema>;

export const unlockSchema = z.object({ customerId: uuidField, reason });
export type UnlockInput = z.input<typeof unlockSchema>;

// Staff management -------------------------------------------------------------------------------------

export const STAFF_ROLES = ['viewer', 'operator', 'admin'] as const;

const email = text({ error: 'required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'invalid_email' }).max(254, { error: 'too_long' }));
const staffName = text({ error: 'required' })
  .transform((v) => v.normalize('NFKC').trim())
  .pipe(z.string().min(1, { error: 'required' }).max(80, { error: 'too_long' }));
/** An initial password the admin hands over once; the member is expected to change it. */
const initialPassword = text({ error: 'required' })
  .min(12, { error: 'password_too_short' })
  .max(128, { error: 'too_long' });

export const createStaffSchema = z.object({
  email,
  name: staffName,
  role: z.enum(STAFF_ROLES, { error: 'required' }),
  password: initialPassword,
});
export type CreateStaffInput = z.input<typeof createStaffSchema>;
export const changeRoleSchema = z.object({ staffId: uuidField, role: z.enum(STAFF_ROLES, { error: 'required' }) });
export const setDisabledSchema = z.object({ staffId: uuidField, disabled: z.boolean() });

// Audit log --------------------------------------------------------------------------------------------

const optionalText = (max: number) =>
  text()
    .transform((v) => v.normalize('NFKC').trim())
    .pipe(z.string().max(max, { error: 'too_long' }))
    .optional();
const isoDate = text()
  .trim()
  .pipe(z.union([z.literal(''), z.iso.date({ error: 'date_format' })]))
  .optional();

/** The filters of /staff/audit (read from the query string, so every value is optional). */
export const auditFilterSchema = z.object({
  action: optionalText(100),
  customer: optionalText(64),
  actor: optionalText(254),
  from: isoDate,
  to: isoDate,
  before: z.coerce.number().int().positive().optional(),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

// Staff passkeys -----------------------------------------------------------------------------------------

/**
 * An enrollment code as typed: full-width characters, spaces, hyphens and lower case are folded away
 * (「abcde fghjk」 and 「ABCDE-FGHJK」 are the same code). Crockford base32, 20 characters.
 */
export const enrollmentCodeSchema = z
  .string({ error: 'required' })
  .max(64, { error: 'too_long' })
  .transform((v) => v.normalize('NFKC').toUpperCase().replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .min(1, { error: 'required' })
      .regex(/^[0-9A-HJKMNP-TV-Z]{20}$/, { error: 'enrollment_code_format' }),
  );

export const issueEnrollmentCodeSchema = z.object({ staffId: z.uuid() });

const passkeyNickname = z
  .string()
  .transform((v) => v.normalize('NFKC').trim())
  .pipe(z.string().max(40, { error: 'too_long' }))
  .optional();
/** A browser's WebAuthn response (JSON); SimpleWebAuthn checks its contents. */
const webauthnResponse = z.object({ id: z.string().min(1).max(1024), type: z.literal('public-key') }).loose();

export const startEnrollmentSchema = z.object({ code: enrollmentCodeSchema.optional() });
export const finishEnrollmentSchema = z.object({
  challengeId: z.uuid(),
  response: webauthnResponse,
  code: enrollmentCodeSchema.optional(),
  nickname: passkeyNickname,
});
export const finishStepUpSchema = z.object({ challengeId: z.uuid(), response: webauthnResponse });
