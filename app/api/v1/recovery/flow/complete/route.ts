import { completeFlow } from '@/lib/recovery';
import { completeSchema } from '@/lib/recovery/schemas';
import { apiContext, bearerToken, errorResponse, guarded, json, parseBody } from '../../_http';

// POST /api/v1/recovery/flow/complete — {confirm: true}: revoke every passkey, password login on → {referenceNumber, revokedPasskeys, passwordLoginEnabled, passwordChanged? (password kind)}
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, completeSchema, locale);
    if (!body.ok) return body.res;
    const res = await completeFlow(db, bearerToken(req), apiContext(req));
    if (!res.ok) return errorResponse(res.error, locale);
    const { referenceNumber, revokedPasskeys, passwordLoginEnabled, completedAt, passwordChanged } = res.value;
    return json({
      referenceNumber,
      revokedPasskeys,
      passwordLoginEnabled,
      completedAt,
      ...(passwordChanged ? { passwordChanged } : {}),
    });
  });
}
