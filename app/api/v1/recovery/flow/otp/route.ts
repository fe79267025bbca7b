import { submitOtp } from '@/lib/recovery';
import { otpSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/otp — step 4: verify the emailed code {code}
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, otpSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitOtp(db, token, body.data, apiContext(req)));
  });
}
