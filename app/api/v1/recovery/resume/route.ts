import { resumeFlow } from '@/lib/recovery';
import { resumeSchema } from '@/lib/recovery/schemas';
import { apiContext, errorResponse, guarded, json, parseBody } from '../_http';

// POST /api/v1/recovery/resume — {loginId, referenceNumber} of a waiting password reset. After the wait:
// 200 {flowToken (new; the old one stops working), step: "otp", expiresAt} and a fresh code by email.
// Before it: 409 wrong_step with resumeAt. An unknown or wrong pair: 401 verification_failed, the same for both.
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, resumeSchema, locale);
    if (!body.ok) return body.res;
    const res = await resumeFlow(db, body.data, apiContext(req));
    if (!res.ok) return errorResponse(res.error, locale);
    return json(res.value);
  });
}
