'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/lib/auth';
import { staffLoginSchema } from '@/lib/auth/schemas';

export type StaffLoginState = {
  code?: 'invalid_credentials' | 'invalid_input' | 'rate_limited' | 'login_suspended';
  fieldErrors?: { email?: string; password?: string };
  email?: string;
  /** With `rate_limited`: how long to wait, shown in the message. */
  retryAfterSeconds?: number;
};

/** The staff sign-in form. Success redirects to /staff (signIn throws NEXT_REDIRECT, which must propagate). */
export async function staffLoginAction(_prev: StaffLoginState, form: FormData): Promise<StaffLoginState> {
  const raw = { email: form.get('email'), password: form.get('password') };
  const email = typeof raw.email === 'string' ? raw.email.slice(0, 254) : '';
  const parsed = staffLoginSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: StaffLoginState['fieldErrors'] = {};
    for (const issue of parsed.error.issues) {
      const k = issue.path[0];
      if ((k === 'email' || k === 'password') && !fieldErrors[k]) fieldErrors[k] = issue.code === 'invalid_type' ? 'required' : issue.message;
    }
    return { code: 'invalid_input', fieldErrors, email };
  }
  try {
    await signIn('staff', { ...parsed.data, redirectTo: '/staff' });
  } catch (e) {
    if (e instanceof AuthError) {
      const { code, retryAfterSeconds } = e as { code?: string; retryAfterSeconds?: number };
      if (code === 'rate_limited') return { code, retryAfterSeconds, email };
      if (code === 'login_suspended') return { code, email };
      return { code: 'invalid_credentials', email };
    }
    throw e;
  }
  return {};
}
