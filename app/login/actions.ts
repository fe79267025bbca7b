'use server';

import { AuthError } from 'next-auth';
import { getDb } from '@/db/client';
import { signIn } from '@/lib/auth';
import { passkeyResponseSchema, passwordLoginSchema } from '@/lib/auth/schemas';
import { headers } from 'next/headers';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { actionError, actionOk, invalidInput, type ActionResult, type ActionState } from '@/lib/forms/action-state';
import { PasskeyError, startAuthentication } from '@/lib/passkeys';

export type LoginErrorCode =
  | 'invalid_credentials'
  | 'passkey_required'
  | 'account_locked'
  | 'login_suspended'
  | 'rate_limited'
  | 'invalid_input'
  | 'error';

/** The typed login ID comes back to refill the form; with `rate_limited`, how long to wait. */
type LoginExtra = { loginId?: string; retryAfterSeconds?: number };
export type LoginState = ActionState<null, LoginErrorCode, LoginExtra>;

function refusal(e: unknown, loginId: string): ActionResult<null, LoginErrorCode, LoginExtra> {
  const { code, retryAfterSeconds } = e as { code?: string; retryAfterSeconds?: number };
  if (code === 'rate_limited') return actionError(code, {}, { loginId, retryAfterSeconds });
  if (code === 'passkey_required' || code === 'account_locked' || code === 'login_suspended')
    return actionError(code, {}, { loginId });
  return actionError('invalid_credentials', {}, { loginId });
}

/** The /login form. Success redirects (signIn throws NEXT_REDIRECT, which must propagate). */
export async function passwordLoginAction(
  _prev: LoginState,
  form: FormData,
): Promise<ActionResult<null, LoginErrorCode, LoginExtra>> {
  const raw = { loginId: form.get('loginId'), password: form.get('password') };
  const loginId = typeof raw.loginId === 'string' ? raw.loginId.slice(0, 64) : '';
  const parsed = passwordLoginSchema.safeParse(raw);
  if (!parsed.success) return { ...invalidInput<LoginErrorCode>(parsed.error, 'invalid_input'), loginId };
  try {
    await signIn('password', { ...parsed.data, redirectTo: '/account/security' });
  } catch (e) {
    if (e instanceof AuthError) return refusal(e, loginId);
    throw e;
  }
  return actionOk(null);
}

/** Step 1 of passkey login: a server-held challenge (capped per client: 429-like `rate_limited`). */
export async function passkeyOptionsAction() {
  const h = await headers();
  try {
    const { challengeId, options } = await startAuthentication(await getDb(), {
      ip: clientIp(h),
      userAgent: userAgent(h),
    });
    return actionOk({ challengeId, options });
  } catch (e) {
    if (e instanceof PasskeyError && e.code === 'rate_limited') return actionError('rate_limited' as const);
    throw e;
  }
}

/** Step 2: verify the assertion and sign in. Returns instead of redirecting (called from a click handler). */
export async function passkeyLoginAction(
  input: unknown,
): Promise<ActionResult<null, 'passkey_failed' | 'account_locked'>> {
  const parsed = passkeyResponseSchema.safeParse(input);
  if (!parsed.success) return actionError('passkey_failed');
  try {
    await signIn('passkey', { ...parsed.data, redirect: false });
    return actionOk(null);
  } catch (e) {
    if (e instanceof AuthError)
      return actionError((e as { code?: string }).code === 'account_locked' ? 'account_locked' : 'passkey_failed');
    throw e;
  }
}
