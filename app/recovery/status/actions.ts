'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { errorFields, logger } from '@/lib/log';
import { lookupRecoveryStatus, type RecoveryError, type RecoveryStatus } from '@/lib/recovery';
import { fieldErrorsOf, statusLookupSchema } from '@/lib/recovery/schemas';

export type StatusActionResult =
  | { ok: true; data: RecoveryStatus }
  | { ok: false; fieldErrors: Record<string, string>; formError: RecoveryError | null };

/** /recovery/status: login ID + 受付番号 → what was done and when (rate limited per IP in lib). */
export async function lookupStatusAction(input: unknown): Promise<StatusActionResult> {
  const parsed = statusLookupSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), formError: null };
  const h = await headers();
  try {
    const res = await lookupRecoveryStatus(await getDb(), parsed.data, { ip: clientIp(h), userAgent: userAgent(h), channel: 'web' });
    return res.ok ? { ok: true, data: res.value } : { ok: false, fieldErrors: {}, formError: res.error };
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'recovery status lookup failed');
    return { ok: false, fieldErrors: {}, formError: { code: 'unavailable' } };
  }
}
