import { requestLoginIdReminder } from '@/lib/recovery';
import { loginIdReminderSchema } from '@/lib/recovery/schemas';
import { apiContext, errorResponse, guarded, json, parseBody } from '../_http';

// POST /api/v1/recovery/login-id — {birthDate, branchCode, accountNumber, email}: 202 {accepted: true} whether
// or not anything matched (on a match the login ID goes to the registered email). 400 for a malformed body,
// 429 past the per-IP limit; nothing else can be told apart.
export async function POST(req: Request) {
  return guarded(req, async (db, locale) => {
    const body = await parseBody(req, loginIdReminderSchema, locale);
    if (!body.ok) return body.res;
    const res = await requestLoginIdReminder(db, body.data, apiContext(req));
    if (!res.ok) return errorResponse(res.error, locale);
    return json({ accepted: true }, 202);
  });
}
