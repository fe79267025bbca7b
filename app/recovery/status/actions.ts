'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { actionError, actionOk, invalidInput, type ActionResult } from '@/lib/forms/action-state';
import { errorFields, logger } from '@/lib/log';
import { lookupRecoveryStatus, type RecoveryError, type RecoveryStatus } from '@/lib/recovery';
import { statusLookupSchema } from '@/lib/recovery/schemas';

export type StatusActionResult = ActionResult<RecoveryStatus, RecoveryError>;

/** /recovery/status: login ID + 受付番号 → what was done and when (rate limited per IP in lib). */
export async function lookupStatusAction(input: unknown): Promise<StatusActionResult> {
  const parsed = statusLookupSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const h = await headers();
  try {
    const res = await lookupRecoveryStatus(await getDb(), parsed.data, {
      ip: clientIp(h),
      userAgent: userAgent(h),
      channel: 'web',
    });
    return res.ok ? actionOk(res.value) : actionError(res.error);
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'recovery status lookup failed');
    return actionError<RecoveryError>({ code: 'unavailable' });
  }
}
