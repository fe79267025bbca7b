import { submitNewPassword } from '@/lib/recovery';
import { newPasswordApiSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/new-password — {password, confirmPassword?}: 200 {step: "review", …} or
// 400 {error: {code: "weak_password", reasons: [...]}} (lib/auth/password-policy.ts decides).
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, newPasswordApiSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitNewPassword(db, token, body.data, apiContext(req)));
  });
}
