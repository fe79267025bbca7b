'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth';
import { staffLoginSchema } from '@/lib/auth/schemas';
import { actionError, actionOk, invalidInput, type ActionResult, type ActionState } from '@/lib/forms/action-state';

export type StaffLoginErrorCode = 'invalid_credentials' | 'invalid_input' | 'rate_limited' | 'login_suspended';

/** The typed email comes back to refill the form; with `rate_limited`, how long to wait. */
type StaffLoginExtra = { email?: string; retryAfterSeconds?: number };
export type StaffLoginState = ActionState<null, StaffLoginErrorCode, StaffLoginExtra>;

/** The staff sign-in form. Success redirects to /staff (signIn throws NEXT_REDIRECT, which must propagate). */
export async function staffLoginAction(
  _prev: StaffLoginState,
  form: FormData,
): Promise<ActionResult<null, StaffLoginErrorCode, StaffLoginExtra>> {
  const raw = { email: form.get('email'), password: form.get('password') };
  const email = typeof raw.email === 'string' ? raw.email.slice(0, 254) : '';
  const parsed = staffLoginSchema.safeParse(raw);
  if (!parsed.success) return { ...invalidInput<StaffLoginErrorCode>(parsed.error, 'invalid_input'), email };
  try {
    await signIn('staff', { ...parsed.data, redirectTo: '/staff' });
  } catch (e) {
    if (e instanceof AuthError) {
      const { code, retryAfterSeconds } = e as { code?: string; retryAfterSeconds?: number };
      if (code === 'rate_limited') return actionError(code, {}, { retryAfterSeconds, email });
      if (code === 'login_suspended') return actionError(code, {}, { email });
      return actionError('invalid_credentials', {}, { email });
    }
    throw e;
  }
  return actionOk(null);
}
