import { cache } from 'react';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getDb } from '../../db/client';
import { clientIp, userAgent } from '../http/client-info';
import { errorFields, logger } from '../log';
import { finishAuthentication, PasskeyError } from '../passkeys';
import { roleAtLeast, staffLoginResult } from '../staff/auth';
import type { StaffRole } from '../../db/schema';
import { authConfig } from './auth.config';
import { passwordLogin } from './customer-login';
import { endSession, isSid, loadLiveSession, startSession } from './sessions';
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
  callbacks: {
    ...authConfig.callbacks,
    /**
     * Every provider's sign-in starts a server-side session row; every later read of the cookie
     * (pages, actions, /api/auth/session) checks that row — ended, missing, expired, or its
     * subject locked, disabled or reset by a recovery: the token is refused (null clears it).
     */
    async jwt({ token, user }) {
      const db = await getDb();
      if (user) {
        if ((user.kind !== 'customer' && user.kind !== 'staff') || !user.id) return null;
        const sid = await startSession(db, user.kind, user.id);
        return { ...token, sub: user.id, kind: user.kind, role: user.role, authAt: Date.now(), sid, stepUpAt: null };
      }
      let live;
      try {
        live = await loadLiveSession(db, token.sid, { kind: token.kind, subjectId: token.sub });
      } catch (err) {
        // Fails closed (no session while the database cannot say), logged by class and SQLSTATE only.
        logger.error({ err: errorFields(err) }, 'session check failed');
        return null;
      }
      if (!live) return null;
      token.stepUpAt = live.stepUpAt?.toISOString() ?? null;
      if (live.kind === 'staff') {
        // The role, name and address as stored now, not as they were at sign-in.
        token.role = live.staff.role;
        token.name = live.staff.name;
        token.email = live.staff.email;
      }
      return token;
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (isSid(sid)) await endSession(await getDb(), sid);
    },
  },
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
          const res = await finishAuthentication(
            await getDb(),
            { challengeId: parsed.data.challengeId, response: JSON.parse(parsed.data.response) },
            await requestCtx(),
          );
          return { id: res.customerId, kind: 'customer' };
        } catch (e) {
          if (e instanceof PasskeyError || e instanceof SyntaxError)
            throw new LoginRefused(
              e instanceof PasskeyError && e.code === 'account_locked' ? 'account_locked' : 'passkey_failed',
            );
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

/**
 * The session of this request, read once per render (React's cache; outside a render it simply
 * calls through). The JWT callback above has already checked the server-side row.
 */
export const currentSession = cache(async () => {
  const session = await auth();
  if (!session || !session.subjectId || !isSid(session.sid)) return null;
  return session;
});

export type CustomerSession = { customerId: string; sid: string; stepUpAt: Date | null };

/** The signed-in customer (server-side row live, not reset by a recovery, not locked); else null. */
export async function getCustomerSession(): Promise<CustomerSession | null> {
  const session = await currentSession();
  if (!session || session.kind !== 'customer') return null;
  return {
    customerId: session.subjectId,
    sid: session.sid,
    stepUpAt: session.stepUpAt ? new Date(session.stepUpAt) : null,
  };
}

/**
 * Ends this request's server-side session, then clears the cookie. The row is ended here and not
 * only in next-auth's signOut event, whose errors next-auth swallows: if the database cannot record
 * the end, the sign-out fails visibly instead of leaving a copied cookie alive.
 */
export async function endCurrentSession(redirectTo: string): Promise<void> {
  const session = await auth();
  if (session && isSid(session.sid)) await endSession(await getDb(), session.sid);
  await signOut({ redirectTo });
}

export async function requireCustomer(): Promise<CustomerSession> {
  const s = await getCustomerSession();
  if (!s) redirect('/login');
  return s;
}

export type StaffSession = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  sid: string;
  stepUpAt: Date | null;
};

/**
 * The signed-in staff member with the role as stored now (read with the session row: a disabled
 * member's session is refused); a customer session never qualifies.
 */
export async function getStaffSession(): Promise<StaffSession | null> {
  const session = await currentSession();
  if (!session || session.kind !== 'staff' || !session.role) return null;
  return {
    id: session.subjectId,
    email: session.user?.email ?? '',
    name: session.user?.name ?? '',
    role: session.role,
    sid: session.sid,
    stepUpAt: session.stepUpAt ? new Date(session.stepUpAt) : null,
  };
}

export async function requireStaffPage(role: StaffRole = 'viewer'): Promise<StaffSession> {
  const s = await getStaffSession();
  if (!s) redirect('/staff/login');
  if (!roleAtLeast(s.role, role)) redirect('/staff?denied=1');
  return s;
}
