'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { actionError, actionOk, fieldErrorsOf, type ActionState } from '@/lib/forms/action-state';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { errorFields, logger } from '@/lib/log';
import { requestLoginIdReminder, type RecoveryError } from '@/lib/recovery';
import { loginIdReminderSchema } from '@/lib/recovery/schemas';

type Values = { birthDate?: string; branchCode?: string; accountNumber?: string; email?: string };
export type LoginIdReminderState = ActionState<{ accepted: true }, RecoveryError, { values?: Values; n?: number }>;

/**
 * /recovery/login-id (「ログインIDをお忘れの方」, docs/design.md#forgotten-login-id). One answer whether or
 * not anything matched; on a match the login ID goes to the registered email. Works as a plain form post.
 */
export async function loginIdReminderAction(prev: LoginIdReminderState, form: FormData): Promise<LoginIdReminderState> {
  const s = (k: string, max: number) => String(form.get(k) ?? '').slice(0, max);
  const values = {
    birthDate: s('birthDate', 32),
    branchCode: s('branchCode', 16),
    accountNumber: s('accountNumber', 16),
    email: s('email', 254),
  };
  const extra = { values, n: (prev.ok === false ? (prev.n ?? 0) : 0) + 1 };
  const parsed = loginIdReminderSchema.safeParse(values);
  if (!parsed.success) return actionError(null, fieldErrorsOf(parsed.error), extra);
  try {
    const h = await headers();
    const res = await requestLoginIdReminder(await getDb(), parsed.data, {
      ip: clientIp(h),
      userAgent: userAgent(h),
      channel: 'web',
      lang: await getLocale(),
    });
    if (!res.ok) return actionError(res.error, res.error.code === 'invalid_input' ? res.error.fields : {}, extra);
    return actionOk({ accepted: true });
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'login ID reminder failed');
    return actionError<RecoveryError, typeof extra>({ code: 'unavailable' }, {}, extra);
  }
}
