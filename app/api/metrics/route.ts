// GET /api/metrics — Prometheus text format, only with `Authorization: Bearer $METRICS_TOKEN`
// (docs/operations.md#metrics). Unset token: 404, as if the endpoint did not exist.
import { getDbHandle } from '@/db/client';
import { env } from '@/lib/config/env';
import { metricsText, scrapeAuthorized } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

const NO_STORE = { 'Cache-Control': 'no-store' };

export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (!token) return new Response(null, { status: 404, headers: NO_STORE });
  if (!scrapeAuthorized(req.headers.get('authorization'), token)) {
    return new Response('unauthorized\n', { status: 401, headers: { ...NO_STORE, 'WWW-Authenticate': 'Bearer' } });
  }
  const { contentType, body } = await metricsText(await getDbHandle());
  return new Response(body, { headers: { ...NO_STORE, 'Content-Type': contentType } });
}
