import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { GET as authGet, POST as authPost } from '@/app/api/auth/[...nextauth]/route';
import { POST as prefs } from '@/app/api/prefs/route';
import { envSchema } from '@/lib/config/env';
import { withTestDatabase } from '../support/db';

withTestDatabase(() => {});

const authReq = (path: string, init?: ConstructorParameters<typeof NextRequest>[1]) =>
  new NextRequest(`http://localhost:3000/api/auth/${path}`, init);

describe('BG-8 next-auth built-in pages and caching', () => {
  for (const page of ['signin', 'signout', 'error?error=Configuration', 'verify-request', 'signout/']) {
    it(`BG-8 GET /api/auth/${page} goes to our login page, never next-auth's own HTML`, async () => {
      const res = await authGet(authReq(page));
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toBe('');
    });
  }

  it('BG-8 a staff callback goes to the staff login page', async () => {
    const res = await authGet(authReq('signin?callbackUrl=%2Fstaff%2Fusers'));
    expect(res.headers.get('location')).toBe('/staff/login');
  });

  it('BG-8 every other /api/auth answer is Cache-Control: no-store (session, csrf, providers, a POST)', async () => {
    for (const path of ['session', 'csrf', 'providers']) {
      const res = await authGet(authReq(path));
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const res = await authPost(
      authReq('signout', {
        method: 'POST',
        body: 'csrfToken=forged',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('BG-9 POST /api/prefs never answers 500', () => {
  const post = (fields: Record<string, string>) => {
    const body = new URLSearchParams(fields).toString();
    return prefs(
      new NextRequest('http://localhost:3000/api/prefs', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
  };

  it('BG-9 back=/日本 goes back, percent-encoded', async () => {
    const res = await post({ lang: 'en', back: '/日本' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/%E6%97%A5%E6%9C%AC');
  });

  it('BG-9 paths that become another host after normalisation go home; bad input is a 400, never a 500', async () => {
    for (const back of [
      '/.//evil.example',
      '/%2e%2e//evil.example',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/\u0000x',
    ]) {
      const res = await post({ back });
      expect(res.status, back).toBe(303);
      const loc = res.headers.get('location') ?? '';
      expect(loc.startsWith('/') && !loc.startsWith('//'), `${back} → ${loc}`).toBe(true);
    }
    expect((await post({ lang: 'xx' })).status).toBe(400);
    const garbage = await prefs(
      new NextRequest('http://localhost:3000/api/prefs', {
        method: 'POST',
        body: '%%%\u0000',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
      }),
    );
    expect(garbage.status).toBeLessThan(500);
  });
});

describe('BG-10 AUTH_SECRET', () => {
  it('BG-10 needs 32 characters or more', () => {
    expect(envSchema.safeParse({ AUTH_SECRET: 'x'.repeat(16) }).success).toBe(false);
    expect(envSchema.safeParse({ AUTH_SECRET: 'x'.repeat(31) }).success).toBe(false);
    expect(envSchema.safeParse({ AUTH_SECRET: 'x'.repeat(32) }).success).toBe(true);
    // The secret the tests run with passes.
    expect(envSchema.safeParse({ AUTH_SECRET: process.env.AUTH_SECRET }).success).toBe(true);
  });
});
