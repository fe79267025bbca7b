import { cancelFlow } from '@/lib/recovery';
import { apiContext, bearerToken, currentFlowJson, errorResponse, guarded, json } from '../_http';

// GET /api/v1/recovery/flow — the flow's step and what its screen needs (read only, never writes)
export async function GET(req: Request) {
  return guarded(req, (db, locale) => currentFlowJson(db, bearerToken(req), locale));
}

// DELETE /api/v1/recovery/flow — cancel the flow (nothing changes on the account)
export async function DELETE(req: Request) {
  return guarded(req, async (db, locale) => {
    const res = await cancelFlow(db, bearerToken(req), apiContext(req));
    return res.ok ? json({ step: 'cancelled' }) : errorResponse(res.error, locale);
  });
}
