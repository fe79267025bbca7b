import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { recordFeedback } from '@/lib/help/articles';
import { articlePath } from '@/lib/help/paths';
import { clientIp } from '@/lib/http/client-info';
import { BODY_LIMITS } from '@/lib/http/body-limits.mjs';
import { clientKey } from '@/lib/http/client-key';
import { apiError, payloadTooLarge, readBodyBytes, readJsonBody } from '@/lib/http/json';
import { logger } from '@/lib/log';
import { securityPolicy } from '@/lib/config/security';
import { checkLimit } from '@/lib/rate-limit';

const feedbackSchema = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(100),
  lang: z.enum(['ja', 'en']),
  helpful: z.union([z.boolean(), z.enum(['yes', 'no']).transform((v) => v === 'yes')]),
});

/** A form post from another site must not count (the header is absent only for old or non-browser clients). */
function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get('origin');
  if (origin === null) return true;
  try {
    return new URL(origin).host === (req.headers.get('x-forwarded-host') ?? req.headers.get('host'));
  } catch {
    return false;
  }
}

// POST /api/v1/help/feedback — 「この記事は役に立ちましたか？」 (form post → 303 back to the article; JSON → 200)
export async function POST(req: NextRequest) {
  const isForm = !(req.headers.get('content-type') ?? '').includes('application/json');
  let body: unknown = null;
  if (isForm) {
    // The article's form posts application/x-www-form-urlencoded; read it bounded, like JSON.
    const raw = await readBodyBytes(req, BODY_LIMITS.jsonApi);
    if (!raw.ok && raw.reason === 'too_large') return payloadTooLarge();
    if (raw.ok) body = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(raw.bytes)));
  } else {
    const raw = await readJsonBody(req);
    if (!raw.ok && raw.reason === 'too_large') return payloadTooLarge();
    if (raw.ok) body = raw.value;
  }
  const parsed = feedbackSchema.safeParse(body);
  if (!parsed.success) return apiError(400, 'invalid_input', 'The feedback is not valid.');
  const { slug, lang, helpful } = parsed.data;
  const back = (state: string) =>
    new NextResponse(null, {
      status: 303,
      headers: { Location: `${articlePath(slug, lang)}?feedback=${state}#feedback`, 'Cache-Control': 'no-store' },
    });
  if (!sameOrigin(req)) return apiError(403, 'forbidden', 'Cross-site requests are not accepted.');
  try {
    const db = await getDb();
    const limit = await checkLimit(
      db,
      securityPolicy().rateLimits.helpFeedbackPerClient,
      `help-feedback:${clientKey(clientIp(req.headers))}`,
    );
    // Over the limit the answer is dropped quietly: the visitor still sees the thank-you.
    const recorded = limit.allowed ? await recordFeedback(db, { slug, lang, helpful }) : true;
    if (!recorded) return apiError(404, 'not_found', 'No such article.');
    return isForm
      ? back(helpful ? 'yes' : 'no')
      : NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    logger.error({ err }, 'help feedback failed');
    return isForm ? back('error') : apiError(503, 'unavailable', 'Please try again later.');
  }
}
