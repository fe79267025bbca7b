import { startFlow } from '@/lib/recovery';
import { startFlowSchema } from '@/lib/recovery/schemas';
import { apiContext, errorResponse, guarded, json, parseBody } from '../_http';

// POST /api/v1/recovery/flows — {kind?: "passkey" | "password"} (default passkey; an empty body is fine):
// 201 {flowToken, step, expiresAt}; step is `credentials` (passkey) or `credentials_pin` (password).
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, startFlowSchema, locale);
    if (!body.ok) return body.res;
    const res = await startFlow(db, apiContext(req), { kind: body.data.kind });
    if (!res.ok) return errorResponse(res.error, locale);
    const { flowToken, step, expiresAt } = res.value;
    return json({ flowToken, step, expiresAt }, 201);
  });
}
