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
  if (isPrefsSwitchFromOurPage(request, origin)) return false;
  if (!origin || origin !== ownOrigin(request)) return true;
  // Next refuses a server action whose Origin host is not the Host it was sent to — with a 500.
  // Answer that case here, as the 403 it is.
  if (request.headers.has('next-action')) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    if (host && new URL(origin).host !== host) return true;
  }
  return false;
}

/**
 * The header's 標準/大きく and 日本語/English switches post to /api/prefs from every page. On the pages sent
 * with `Referrer-Policy: no-referrer` (/recovery, /staff, /account) Chromium sends that form POST with
 * `Origin: null`. `Sec-Fetch-Site: same-origin` is the browser's own word that one of our pages sent it
 * (a forbidden header: no page can set it, and any cross-site hop in a redirect chain turns it into
 * `cross-site`), so this one endpoint — it only stores a display preference — accepts that pair. Every
 * other POST keeps the strict Origin check (docs/threat-model.md, RT-11).
 */
function isPrefsSwitchFromOurPage(request: NextRequest, origin: string | null): boolean {
  return (
    request.nextUrl.pathname === '/api/prefs' &&
    origin === 'null' &&
    request.headers.get('sec-fetch-site') === 'same-origin' &&
    !request.headers.has('next-action')
  );
}

/** A refused POST that a person made by submitting a form gets a page in words; a script gets JSON. */
function refusal(request: NextRequest): NextResponse {
  const headers = { 'Cache-Control': 'no-store' };
  const byPerson =
    request.headers.get('sec-fetch-mode') === 'navigate' ||
    (!request.headers.has('next-action') && /text\/html/.test(request.headers.get('accept') ?? ''));
  if (!byPerson) {
    return NextResponse.json(
      { error: { code: 'forbidden_origin', message: 'This request must come from this site.' } },
      { status: 403, headers },
    );
  }
  return new NextResponse(REFUSAL_PAGE, {
    status: 403,
    headers: {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      'Referrer-Policy': 'no-referrer',
    },
  });
}

const REFUSAL_PAGE = `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>この操作は受け付けられませんでした</title>
<style>body{font-family:"Hiragino Sans","Noto Sans JP","Yu Gothic",system-ui,sans-serif;line-height:1.7;margin:0;padding:24px 16px;color:#1c2430;background:#f4f6f9}main{max-width:40rem;margin:0 auto}a{color:#0b4a8b}@media (prefers-color-scheme:dark){body{color:#e8edf3;background:#10151c}a{color:#7fb2f0}}</style></head>
<body><main>
<h1>この操作は受け付けられませんでした</h1>
<p>安全のため、当社のページ以外から送られた操作はお受けしていません。お客さまの設定や手続きは何も変わっていません。</p>
<p>お手数ですが、トップページからもう一度お試しください。</p>
<p><a href="/">トップページへ</a></p>
<div lang="en"><h2>We could not accept this action</h2>
<p>For your safety, we only accept actions sent from our own pages. Nothing in your settings or requests has changed.</p>
<p>Please go to the top page and try again.</p>
<p><a href="/">Go to the top page</a></p></div>
</main></body></html>
`;

export function proxy(request: NextRequest) {
  if (isForeignPost(request)) return refusal(request);
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
  res.headers.set(
    'Permissions-Policy',
    'camera=(), microphone=(), geolocation=(), publickey-credentials-get=(self), publickey-credentials-create=(self)',
  );
  if (envValue('NODE_ENV') === 'production') {
    res.headers.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
  }
  const p = request.nextUrl.pathname;
  if (p.startsWith('/recovery') || p.startsWith('/staff') || p.startsWith('/account')) {
    res.headers.set('Cache-Control', 'no-store');
    // `same-origin`, not `no-referrer`: no URL of these pages ever leaves for another site, and our own form
    // posts keep their Origin — under `no-referrer` Chromium sends `Origin: null`, which the Origin check (and
    // Next's server actions) must refuse, so the forms that work without JavaScript and the 大きく/English
    // switches would fail (docs/design.md#headers-and-caching).
    res.headers.set('Referrer-Policy', 'same-origin');
  } else {
    res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  }
  return res;
}

/**
 * Pages and the browser endpoints (/api/auth, /api/prefs). The JSON API (/api/v1), /api/health and /api/metrics
 * are not pages: no nonce to make, bearer tokens instead of an Origin check; their static security
 * headers come from next.config.ts (lib/http/api-headers.ts).
 */
export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|api/v1/|api/health$|api/metrics$).*)' }],
};
