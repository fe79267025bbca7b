'use server';

import { headers } from 'next/headers';
import { getDb } from '@/db/client';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { errorFields, logger } from '@/lib/log';
import { reportNotMe, type RecoveryError } from '@/lib/recovery';
import { fieldErrorsOf, notMeSchema } from '@/lib/recovery/schemas';

export type NotMeActionResult =
  | { ok: true; data: { accepted: true } }
  | { ok: false; fieldErrors: Record<string, string>; formError: RecoveryError | null };

/** /recovery/not-me: login ID + lock code → login and recovery locked at once; the same answer for wrong input. */
export async function notMeAction(input: unknown): Promise<NotMeActionResult> {
  const parsed = notMeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), formError: null };
  const h = await headers();
  try {
    const res = await reportNotMe(await getDb(), parsed.data, { ip: clientIp(h), userAgent: userAgent(h), channel: 'web' });
    return res.ok ? { ok: true, data: res.value } : { ok: false, fieldErrors: {}, formError: res.error };
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'not-me report failed');
    return { ok: false, fieldErrors: {}, formError: { code: 'unavailable' } };
  }
}
