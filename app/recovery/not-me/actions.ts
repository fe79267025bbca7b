'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { actionError, actionOk, invalidInput, type ActionResult } from '@/lib/forms/action-state';
import { errorFields, logger } from '@/lib/log';
import { reportNotMe, type RecoveryError } from '@/lib/recovery';
import { notMeSchema } from '@/lib/recovery/schemas';
import { getLocale } from '@/lib/i18n/server';

export type NotMeActionResult = ActionResult<{ accepted: true }, RecoveryError>;

/** /recovery/not-me: login ID + lock code → login and recovery locked at once; the same answer for wrong input. */
export async function notMeAction(input: unknown): Promise<NotMeActionResult> {
  const parsed = notMeSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const h = await headers();
  try {
    const res = await reportNotMe(await getDb(), parsed.data, {
      ip: clientIp(h),
      userAgent: userAgent(h),
      channel: 'web',
      lang: await getLocale(),
    });
    return res.ok ? actionOk(res.value) : actionError(res.error);
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'not-me report failed');
    return actionError<RecoveryError>({ code: 'unavailable' });
  }
}
