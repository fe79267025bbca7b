'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { securityPolicy } from '@/lib/config/security';
import { actionError, fieldErrorsOf, type ActionState } from '@/lib/forms/action-state';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { errorFields, logger } from '@/lib/log';
import { resumeFlow, type RecoveryError } from '@/lib/recovery';
import { resumeSchema } from '@/lib/recovery/schemas';
import { setRecoveryCookie } from '../password/cookie';

export type ResumeState = ActionState<null, RecoveryError, { loginId?: string; referenceNumber?: string; n?: number }>;

/**
 * /recovery/resume: login ID + 受付番号 of a waiting flow of the password kind. Once the wait is over a
 * new flow token goes into the recovery cookie, a fresh code goes to the registered email, and the
 * customer continues on /recovery/password (docs/design.md#forgotten-password). An unknown pair and a
 * wrong pair get the same answer. Works as a plain form post.
 */
export async function resumeAction(prev: ResumeState, form: FormData): Promise<ResumeState> {
  const loginId = String(form.get('loginId') ?? '').slice(0, 64);
  const referenceNumber = String(form.get('referenceNumber') ?? '').slice(0, 32);
  const keep = { loginId, referenceNumber, n: (prev.ok === false ? (prev.n ?? 0) : 0) + 1 };
  const parsed = resumeSchema.safeParse({ loginId, referenceNumber });
  if (!parsed.success) return actionError(null, fieldErrorsOf(parsed.error), keep);
  let token: string;
  try {
    const h = await headers();
    const res = await resumeFlow(await getDb(), parsed.data, {
      ip: clientIp(h),
      userAgent: userAgent(h),
      channel: 'web',
      lang: await getLocale(),
    });
    if (!res.ok) return actionError(res.error, res.error.code === 'invalid_input' ? res.error.fields : {}, keep);
    token = res.value.flowToken;
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'recovery resume failed');
    return actionError<RecoveryError, typeof keep>({ code: 'unavailable' }, {}, keep);
  }
  await setRecoveryCookie(token, Math.ceil(securityPolicy().flowTtlMs / 1000));
  redirect('/recovery/password');
}
