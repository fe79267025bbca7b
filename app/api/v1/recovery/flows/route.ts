import { startFlow } from '@/lib/recovery';
import { apiContext, errorResponse, guarded, json } from '../_http';

// POST /api/v1/recovery/flows — start a recovery flow for the native app: 201 {flowToken, step, expiresAt}
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const res = await startFlow(db, apiContext(req));
    if (!res.ok) return errorResponse(res.error, locale);
    const { flowToken, step, expiresAt } = res.value;
    return json({ flowToken, step, expiresAt }, 201);
  });
}
