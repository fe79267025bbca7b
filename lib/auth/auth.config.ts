import type { NextAuthConfig } from 'next-auth';

export type SessionKind = 'customer' | 'staff';
export type StaffRoleName = 'viewer' | 'operator' | 'admin';

declare module 'next-auth' {
  interface User {
    kind?: SessionKind;
    role?: StaffRoleName;
  }
  interface Session {
    kind: SessionKind;
    subjectId: string;
    role?: StaffRoleName;
    authAt: number;
    /** The server-side session row (lib/auth/sessions.ts); alone it opens nothing, the signed JWT does. */
    sid: string;
    /** Last re-authentication in this session (ISO), as read from the row on this request. */
    stepUpAt: string | null;
  }
}

/** Absolute lifetime of a session: the JWT's maxAge and the row's `expires_at`. */
export const SESSION_MAX_AGE_SECONDS = 8 * 3600;

/**
 * Edge-safe part of the config (no database, no argon2). One config for customers and staff:
 * the token carries the kind and, for staff, the role; every page and action checks both on the server.
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Our own pages for everything next-auth would otherwise render itself (see lib/http/auth-route).
  pages: { signIn: '/login', signOut: '/login', error: '/login', verifyRequest: '/login' },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.kind = user.kind;
        token.role = user.role;
        token.sub = user.id;
        token.authAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        kind: token.kind as SessionKind,
        subjectId: token.sub as string,
        role: token.role as StaffRoleName | undefined,
        authAt: Number(token.authAt ?? 0),
        sid: typeof token.sid === 'string' ? token.sid : '',
        stepUpAt: typeof token.stepUpAt === 'string' ? token.stepUpAt : null,
      };
    },
  },
} satisfies NextAuthConfig;
