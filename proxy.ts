import { NextResponse, type NextRequest } from 'next/server';
import { envValue } from './lib/config/env';

/**
 * Security headers on every page (docs/design.md#headers): a CSP with a fresh nonce per request (Next applies it to
 * its own scripts), no framing, no sniffing, HSTS in production; recovery pages are never cached and
 * never leak a Referer.
 */
/** The origin this app is served from: APP_ORIGIN, else what the request was addressed to. */
function ownOrigin(request: NextRequest): string {
  const configured = envValue('APP_ORIGIN');
  if (configured) return new URL(configured).origin;
  return request.nextUrl.origin;
}

/**
 * Server actions (and every other browser POST: sign-out, preferences) must come from our own
 * pages: a foreign or missing Origin is refused before any action runs. The native app's JSON API
 * (/api/v1) authenticates with a bearer token instead, so it is exempt.
 */
function isForeignPost(request: NextRequest): boolean {
  if (request.method !== 'POST' || request.nextUrl.pathname.startsWith('/api/v1/')) return false;
  const origin = request.headers.get('origin');
  if (!origin || origin !== ownOrigin(request)) return true;
  // Next refuses a server action whose Origin host is not the Host it was sent to — with a 500.
  // Answer that case here, as the 403 it is.
  if (request.headers.has('next-action')) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    if (host && new URL(origin).host !== host) return true;
  }
  return false;
}

export function proxy(request: NextRequest) {
  if (isForeignPost(request)) {
    return NextResponse.json(
      { error: { code: 'forbidden_origin', message: 'This request must come from this site.' } },
      { status: 403, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  const nonce = btoa(crypto.randomUUID());
  const dev = envValue('NODE_ENV') === 'development';
  const csp = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-lhp-path', request.nextUrl.pathname + request.nextUrl.search);

  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set('X-Frame-Options', 'DENY');
  res.headers.set('X-Content-Type-Options', 'nosniff');
  res.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self), publickey-credentials-create=(self)');
  if (envValue('NODE_ENV') === 'production') {
    res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  }
  const p = request.nextUrl.pathname;
  if (p.startsWith('/recovery') || p.startsWith('/staff') || p.startsWith('/account')) {
    res.headers.set('Cache-Control', 'no-store');
    res.headers.set('Referrer-Policy', 'no-referrer');
  } else {
    res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  }
  return res;
}

/**
 * Pages and the browser endpoints (/api/auth, /api/prefs). The JSON API (/api/v1) and /api/health
 * are not pages: no nonce to make, bearer tokens instead of an Origin check; their static security
 * headers come from next.config.ts (lib/http/api-headers.ts).
 */
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/v1/|api/health$).*)' }],
};
