import { submitCredentialsPin } from '@/lib/recovery';
import { credentialsPinSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/credentials-pin — password kind, step 1: {loginId, tradingPin} (取引暗証番号, 4 digits)
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, credentialsPinSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitCredentialsPin(db, token, body.data, apiContext(req)));
  });
}
