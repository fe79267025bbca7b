import { submitSecretAnswer } from '@/lib/recovery';
import { secretQuestionSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/secret-question — step 2: the answer to the customer's own question {answer}
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, secretQuestionSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitSecretAnswer(db, token, body.data, apiContext(req)));
  });
}
