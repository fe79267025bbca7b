// POST /api/v1/session/password — the native app's ID/password login, under the same passkey policy as /login
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { passwordLogin } from '@/lib/auth/customer-login';
import { passwordLoginSchema } from '@/lib/auth/schemas';
import { appOrigin } from '@/lib/config/env';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { apiError, readJson } from '@/lib/http/json';
import { errorFields, logger } from '@/lib/log';

export async function POST(req: Request) {
  const body = await readJson(req, passwordLoginSchema);
  if (!body.ok) return body.response;
  let res;
  try {
    res = await passwordLogin(await getDb(), body.data, {
      ip: clientIp(req.headers),
      userAgent: userAgent(req.headers),
      channel: 'app',
    });
  } catch (err) {
    // The database unreachable, say: a clean 503 and a log line, never a stack trace.
    logger.error({ err: errorFields(err) }, 'password login failed');
    return apiError(503, 'unavailable', 'Login is temporarily unavailable. Please try again later.');
  }
  if (res.ok) return NextResponse.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
  switch (res.code) {
    case 'passkey_required':
      return apiError(403, 'passkey_required', 'パスキーが作成されているためログインできません', {
        helpUrl: `${appOrigin()}/help/login-trouble`,
      });
    case 'account_locked':
      return apiError(423, 'locked', 'Login is suspended for this account. Please call support.');
    case 'login_suspended':
      // Too many wrong passwords for this login ID (known or not): only a recovery or staff lift it.
      return apiError(
        423,
        'login_suspended',
        'Password login is suspended for this login ID after too many wrong passwords. Please complete the login recovery or call support.',
        { helpUrl: `${appOrigin()}/help/login-trouble` },
      );
    case 'rate_limited':
      return apiError(
        429,
        'rate_limited',
        'Too many attempts.',
        { retryAfter: res.retryAfterSeconds },
        { 'Retry-After': String(res.retryAfterSeconds) },
      );
    default:
      return apiError(401, 'invalid_credentials', 'The login ID or password is incorrect.');
  }
}
