import { submitCredentials } from '@/lib/recovery';
import { credentialsSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/credentials — step 1: login ID and password {loginId, password}
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, credentialsSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitCredentials(db, token, body.data, apiContext(req)));
  });
}
