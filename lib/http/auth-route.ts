import type { NextRequest } from 'next/server';

/**
 * next-auth's built-in HTML pages (sign-in, sign-out, error, verify-request) are unbranded, English
 * and uncached-by-nobody: a GET of any of them is sent to our login page instead. Sign-out is a
 * server action of our own pages (docs/design.md).
 */
const BUILT_IN_PAGES = new Set(['signin', 'signout', 'error', 'verify-request']);

export function authRedirect(req: NextRequest): Response | null {
  const action = req.nextUrl.pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  if (!BUILT_IN_PAGES.has(action)) return null;
  const staff = req.nextUrl.searchParams.get('callbackUrl')?.startsWith('/staff') ?? false;
  return new Response(null, { status: 303, headers: { Location: staff ? '/staff/login' : '/login' } });
}

/** Every /api/auth answer (sessions, CSRF tokens, redirects) is personal: never stored by a cache. */
export function noStore(res: Response): Response {
  try {
    res.headers.set('Cache-Control', 'no-store');
    return res;
  } catch {
    // Immutable headers (Response.redirect): copy the response.
    const copy = new Response(res.body, {
      status: res.status,
      statusText: res.statusText,
      headers: new Headers(res.headers),
    });
    copy.headers.set('Cache-Control', 'no-store');
    return copy;
  }
}
