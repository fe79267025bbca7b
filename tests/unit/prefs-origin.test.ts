import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';

/*
 * RT-11 and the header switches: Chromium posts the 大きく / English forms with `Origin: null` from pages
 * sent with `Referrer-Policy: no-referrer`. Only /api/prefs accepts that, and only when the browser says
 * the request is same-origin; a person refused by the check gets words, not JSON.
 */
const post = (path: string, headers: Record<string, string>) =>
  proxy(new NextRequest(new URL(path, 'http://localhost:3000'), { method: 'POST', headers }));

describe('the preference switches behind the Origin check', () => {
  it('lets /api/prefs through with `Origin: null` when the browser marks it same-origin', () => {
    expect(post('/api/prefs', { origin: 'null', 'sec-fetch-site': 'same-origin' }).status).toBe(200);
  });

  it.each(['cross-site', 'same-site', 'none'])(
    'refuses /api/prefs with `Origin: null` and Sec-Fetch-Site %s',
    (site) => {
      expect(post('/api/prefs', { origin: 'null', 'sec-fetch-site': site }).status).toBe(403);
    },
  );

  it('refuses /api/prefs with `Origin: null` and no Sec-Fetch-Site, and a foreign Origin whatever Sec-Fetch-Site says', () => {
    expect(post('/api/prefs', { origin: 'null' }).status).toBe(403);
    expect(post('/api/prefs', { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }).status).toBe(403);
  });

  it.each(['/recovery', '/recovery/not-me', '/login', '/staff/login', '/api/auth/signout'])(
    'keeps the strict check for %s: `Origin: null` is refused even when marked same-origin',
    (path) => {
      expect(post(path, { origin: 'null', 'sec-fetch-site': 'same-origin' }).status).toBe(403);
      expect(post(path, { origin: 'null', 'sec-fetch-site': 'same-origin', 'next-action': 'abc' }).status).toBe(403);
    },
  );

  it('shows a person who submitted a form a page in Japanese and English, and a script JSON', async () => {
    const page = post('/api/prefs', {
      origin: 'http://evil.example',
      'sec-fetch-mode': 'navigate',
      accept: 'text/html',
    });
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('この操作は受け付けられませんでした');
    expect(html).toContain('Nothing in your settings or requests has changed.');
    expect(html).not.toContain('forbidden_origin');
    const script = post('/login', { origin: 'http://evil.example', 'next-action': 'abc' });
    expect((await script.json()).error.code).toBe('forbidden_origin');
  });
});
