import { resendOtp } from '@/lib/recovery';
import { apiContext, bearerToken, guarded, stepResponse } from '../../../_http';

// POST /api/v1/recovery/flow/otp/resend — a new code by email (the old one dies); ≤3 sends, 60 s apart
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await resendOtp(db, token, apiContext(req)));
  });
}
