import { afterEach, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { config, proxy } from '@/proxy';
import nextConfig from '@/next.config';
import { apiSecurityHeaders } from '@/lib/http/api-headers';

function run(path: string) {
  return proxy(new NextRequest(new URL(path, 'http://localhost:3000')));
}

describe('security headers on every page (docs/design.md#headers)', () => {
  const original = process.env.NODE_ENV;
  afterEach(() => {
    (process.env as Record<string, string>).NODE_ENV = original ?? 'test';
  });

  it('sends a CSP whose scripts need a fresh nonce (no unsafe-inline), and forbids framing', () => {
    const a = run('/login').headers.get('content-security-policy')!;
    const b = run('/login').headers.get('content-security-policy')!;
    const nonceA = /'nonce-([^']+)'/.exec(a)?.[1];
    const nonceB = /'nonce-([^']+)'/.exec(b)?.[1];
    expect(nonceA).toBeTruthy();
    expect(nonceA).not.toBe(nonceB);
    const script = a.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(script).not.toContain('unsafe-inline');
    expect(a).toContain("frame-ancestors 'none'");
    expect(a).toContain("object-src 'none'");
    expect(a).toContain("form-action 'self'");
  });

  it('passes the nonce to the page through the request headers', () => {
    const res = run('/help');
    const override = res.headers.get('x-middleware-request-x-nonce');
    expect(override).toBeTruthy();
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${override}'`);
  });

  it('sets nosniff, X-Frame-Options and a Referrer-Policy everywhere', () => {
    const res = run('/help/passkey-what-is');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });

  it.each(['/recovery', '/recovery/status', '/staff/customers', '/account/security'])(
    'never caches %s and never sends its URL to another site as a Referer',
    (path) => {
      const res = run(path);
      expect(res.headers.get('cache-control')).toBe('no-store');
      // same-origin, so the page's own form posts carry a real Origin (no-referrer makes Chromium send `null`).
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    },
  );

  it('adds HSTS in production only', () => {
    expect(run('/login').headers.get('strict-transport-security')).toBeNull();
    (process.env as Record<string, string>).NODE_ENV = 'production';
    expect(run('/login').headers.get('strict-transport-security')).toMatch(/max-age=\d{8}/);
  });
});

describe('cross-origin and header-less POSTs (RT-11)', () => {
  const post = (path: string, headers: Record<string, string>) =>
    proxy(new NextRequest(new URL(path, 'http://localhost:3000'), { method: 'POST', headers }));

  it('refuses a server action from a foreign Origin with 403 before it runs', async () => {
    const res = post('/login', { 'next-action': 'abc', origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden_origin');
  });

  it('refuses a server action or a form POST with no Origin at all', () => {
    expect(post('/recovery', { 'next-action': 'abc' }).status).toBe(403);
    expect(post('/staff/customers/1', { 'content-type': 'application/x-www-form-urlencoded' }).status).toBe(403);
    expect(post('/api/prefs', {}).status).toBe(403);
  });

  it('lets our own pages post, and leaves the bearer-token JSON API to its own checks', () => {
    expect(post('/login', { 'next-action': 'abc', origin: 'http://localhost:3000' }).status).toBe(200);
    expect(post('/api/v1/recovery/flows', {}).status).toBe(200);
  });
});

describe('the JSON API and /api/health: static headers instead of the proxy', () => {
  const matcher = new RegExp(`^${config.matcher[0].source}$`);

  it('leaves /api/v1 and /api/health to next.config.ts, and every page and browser endpoint to the proxy', () => {
    for (const p of [
      '/api/v1/help/search',
      '/api/v1/recovery/flow/otp',
      '/api/v1/session/password',
      '/api/health',
      '/api/metrics',
    ])
      expect(p).not.toMatch(matcher);
    for (const p of [
      '/',
      '/login',
      '/recovery',
      '/help/passkey-what-is',
      '/staff/login',
      '/api/auth/signout',
      '/api/prefs',
      '/api/healthz',
      '/api/health/x',
    ])
      expect(p).toMatch(matcher);
  });

  it('sends JSON that is never sniffed, framed, cached or leaked as a Referer, with HSTS in production', async () => {
    const rules = await nextConfig.headers!();
    expect(rules.map((r) => r.source)).toEqual(['/api/v1/:path*', '/api/health', '/api/metrics']);
    const h = Object.fromEntries(apiSecurityHeaders(true).map((x) => [x.key.toLowerCase(), x.value]));
    expect(h).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    expect(h['strict-transport-security']).toMatch(/max-age=\d{8}/);
    expect(apiSecurityHeaders(false).map((x) => x.key)).not.toContain('Strict-Transport-Security');
  });
});
