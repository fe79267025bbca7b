import { envValue } from '../config/env';

/**
 * Security headers of the JSON API (/api/v1/*) and /api/health, set by next.config.ts. These
 * routes are not pages: they need no CSP nonce, and the bearer-token API needs no Origin check, so
 * they skip the proxy (proxy.ts), which costs more than the search itself on a busy server. The
 * headers are static: JSON that is never sniffed as HTML, never framed, never cached, never a
 * Referer; HSTS in production.
 */
export function apiSecurityHeaders(
  production = envValue('NODE_ENV') === 'production',
): { key: string; value: string }[] {
  return [
    { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Referrer-Policy', value: 'no-referrer' },
    { key: 'Cache-Control', value: 'no-store' },
    ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
  ];
}

/** The paths the proxy leaves alone (see proxy.ts `config.matcher`), as next.config.ts header sources. */
export const API_HEADER_SOURCES = ['/api/v1/:path*', '/api/health', '/api/metrics'];
