import { submitAccountData } from '@/lib/recovery';
import { accountDataSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, guarded, parseBody, stepResponse } from '../../_http';

// POST /api/v1/recovery/flow/account-data — step 3: {birthDate: "YYYY-MM-DD", branchCode, accountNumber}; emails the code
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, accountDataSchema, locale);
    if (!body.ok) return body.res;
    const token = bearerToken(req);
    return stepResponse(db, token, locale, await submitAccountData(db, token, body.data, apiContext(req)));
  });
}
