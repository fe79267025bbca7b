import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '../../db/client';
import { clientIp, userAgent } from '../http/client-info';
import { finishAuthentication, PasskeyError } from '../passkeys';
import { currentStaff, roleAtLeast, staffLoginResult } from '../staff/auth';
import type { StaffRole } from '../../db/schema';
import { authConfig } from './auth.config';
import { isCustomerSessionValid, passwordLogin } from './customer-login';
import { passwordLoginSchema, staffLoginSchema } from './schemas';
import { z } from 'zod';

/** Carries the policy's answer out of authorize() to the server action. */
export class LoginRefused extends CredentialsSignin {
  /** Set with `rate_limited`: the wait the form shows (Auth.js rethrows this same instance). */
  retryAfterSeconds?: number;
  constructor(code: string, retryAfterSeconds?: number) {
    super(code);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

async function requestCtx() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h) };
}

const passkeyCredentials = z.object({ challengeId: z.uuid(), response: z.string().max(20_000) });

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      id: 'password',
      credentials: { loginId: {}, password: {} },
      async authorize(raw) {
        const parsed = passwordLoginSchema.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid_credentials');
        const res = await passwordLogin(await getDb(), parsed.data, { ...(await requestCtx()), channel: 'web' });
        if (!res.ok) throw new LoginRefused(res.code, res.code === 'rate_limited' ? res.retryAfterSeconds : undefined);
        return { id: res.customerId, kind: 'customer' };
      },
    }),
    Credentials({
      id: 'passkey',
      credentials: { challengeId: {}, response: {} },
      async authorize(raw) {
        const parsed = passkeyCredentials.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('passkey_failed');
        try {
          const res = await finishAuthentication(await getDb(), { challengeId: parsed.data.challengeId, response: JSON.parse(parsed.data.response) }, await requestCtx());
          return { id: res.customerId, kind: 'customer' };
        } catch (e) {
          if (e instanceof PasskeyError || e instanceof SyntaxError) throw new LoginRefused(e instanceof PasskeyError && e.code === 'account_locked' ? 'account_locked' : 'passkey_failed');
          throw e;
        }
      },
    }),
    Credentials({
      id: 'staff',
      credentials: { email: {}, password: {} },
      async authorize(raw) {
        const parsed = staffLoginSchema.safeParse(raw);
        if (!parsed.success) throw new LoginRefused('invalid_credentials');
        const res = await staffLoginResult(await getDb(), parsed.data, await requestCtx());
        if (!res.ok) throw new LoginRefused(res.code, res.code === 'rate_limited' ? res.retryAfterSeconds : undefined);
        const { staff } = res;
        return { id: staff.id, kind: 'staff', role: staff.role, name: staff.name, email: staff.email };
      },
    }),
  ],
});

/** The signed-in customer, re-checked against `sessions_valid_after` on every request; else null. */
export async function getCustomerSession(): Promise<{ customerId: string } | null> {
  const session = await auth();
  if (!session || session.kind !== 'customer' || !session.subjectId) return null;
  const valid = await isCustomerSessionValid(await getDb(), session.subjectId, session.authAt);
  return valid ? { customerId: session.subjectId } : null;
}

export async function requireCustomer(): Promise<{ customerId: string }> {
  const s = await getCustomerSession();
  if (!s) redirect('/login');
  return s;
}

export type StaffSession = { id: string; email: string; name: string; role: StaffRole };

/** The signed-in staff member with the role as stored now; a customer session never qualifies. */
export async function getStaffSession(): Promise<StaffSession | null> {
  const session = await auth();
  if (!session || session.kind !== 'staff' || !session.subjectId) return null;
  return currentStaff(await getDb(), session.subjectId);
}

export async function requireStaffPage(role: StaffRole = 'viewer'): Promise<StaffSession> {
  const s = await getStaffSession();
  if (!s) redirect('/staff/login');
  if (!roleAtLeast(s.role, role)) redirect('/staff?denied=1');
  return s;
}
