'use server';

import { AuthError } from 'next-auth';
import { getDb } from '@/db/client';
import { signIn } from '@/lib/auth';
import { passwordLoginSchema } from '@/lib/auth/schemas';
import { headers } from 'next/headers';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { PasskeyError, startAuthentication } from '@/lib/passkeys';
import { z } from 'zod';

export type LoginState = {
  code?: 'invalid_credentials' | 'passkey_required' | 'account_locked' | 'login_suspended' | 'rate_limited' | 'invalid_input' | 'error';
  fieldErrors?: { loginId?: string; password?: string };
  loginId?: string;
  /** With `rate_limited`: how long to wait, shown in the message. */
  retryAfterSeconds?: number;
};

function refusal(e: unknown): Pick<LoginState, 'code' | 'retryAfterSeconds'> {
  const { code, retryAfterSeconds } = e as { code?: string; retryAfterSeconds?: number };
  if (code === 'rate_limited') return { code, retryAfterSeconds };
  if (code === 'passkey_required' || code === 'account_locked' || code === 'login_suspended') return { code };
  return { code: 'invalid_credentials' };
}

/** The /login form. Success redirects (signIn throws NEXT_REDIRECT, which must propagate). */
export async function passwordLoginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  const raw = { loginId: form.get('loginId'), password: form.get('password') };
  const loginId = typeof raw.loginId === 'string' ? raw.loginId.slice(0, 64) : '';
  const parsed = passwordLoginSchema.safeParse(raw);
  if (!parsed.success) {
    const f = z.flattenError(parsed.error).fieldErrors;
    return { code: 'invalid_input', loginId, fieldErrors: { loginId: f.loginId?.[0], password: f.password?.[0] } };
  }
  try {
    await signIn('password', { ...parsed.data, redirectTo: '/account/security' });
  } catch (e) {
    if (e instanceof AuthError) return { ...refusal(e), loginId };
    throw e;
  }
  return {};
}

/** Step 1 of passkey login: a server-held challenge (capped per client: 429-like `rate_limited`). */
export async function passkeyOptionsAction() {
  const h = await headers();
  try {
    const { challengeId, options } = await startAuthentication(await getDb(), { ip: clientIp(h), userAgent: userAgent(h) });
    return { ok: true as const, challengeId, options };
  } catch (e) {
    if (e instanceof PasskeyError && e.code === 'rate_limited') return { ok: false as const, code: 'rate_limited' as const };
    throw e;
  }
}

const passkeyInput = z.object({ challengeId: z.uuid(), response: z.string().min(2).max(20_000) });

/** Step 2: verify the assertion and sign in. Returns instead of redirecting (called from a click handler). */
export async function passkeyLoginAction(input: unknown): Promise<{ ok: true } | { ok: false; code: 'passkey_failed' | 'account_locked' }> {
  const parsed = passkeyInput.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'passkey_failed' };
  try {
    await signIn('passkey', { ...parsed.data, redirect: false });
    return { ok: true };
  } catch (e) {
    if (e instanceof AuthError) return { ok: false, code: (e as { code?: string }).code === 'account_locked' ? 'account_locked' : 'passkey_failed' };
    throw e;
  }
}
