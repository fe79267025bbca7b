import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, deflateRawSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageCache, gzipMember, pageCacheKey } from '@/lib/http/page-cache.mjs';

/*
 * The page cache in front of a stand-in for Next that renders like the app does: a nonce per request in
 * the CSP header and on every script, the language and text size from the cookies, and (when asked) a
 * cookie of its own. Whatever the cache serves must carry the nonce of its own response only.
 */
let clock = 0;
const cache = createPageCache({ ttlMs: 1000, now: () => clock });
let renders = 0;

function fakeNext(req: IncomingMessage, res: ServerResponse) {
  renders++;
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const cookie = req.headers.cookie ?? '';
  const lang = /lang=en/.test(cookie) ? 'en' : 'ja';
  const size = /textSize=large/.test(cookie) ? 'large' : 'normal';
  res.setHeader('Content-Security-Policy', `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Vary', 'rsc, Accept-Encoding');
  if (req.url === '/help/sets-cookie') res.setHeader('Set-Cookie', 'seen=1');
  if (req.url === '/help/missing') res.statusCode = 404;
  if (req.url === '/help/slow') {
    res.write(`<html lang="${lang}"><script nonce="${nonce}">1</script>`);
    setTimeout(() => res.end(`<p>${renders}</p></html>`), 150);
    return;
  }
  res.write(`<html lang="${lang}" data-text-size="${size}"><script nonce="${nonce}">1</script>`);
  res.end(`<script nonce="${nonce}" src="/a.js"></script><p>${req.headers['x-request-id']}</p></html>`);
}

let base = '';
const server = createServer((req, res) => {
  res.setHeader('X-Request-Id', String(Math.random()));
  const key = pageCacheKey(req);
  if (key) {
    if (cache.serve(key, req, res)) return;
    cache.fill(key, req, res);
  }
  fakeNext(req, res);
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers });
  const body = await res.text();
  const csp = res.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  const scriptNonces = [...body.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);
  return { res, body, nonce, scriptNonces };
}

describe('the public page cache', () => {
  it('serves a stored page with a fresh nonce in the header and on every script, never the one it was rendered with', async () => {
    const before = renders;
    const first = await page('/help/some-article');
    const seen = new Set([first.nonce]);
    for (let i = 0; i < 5; i++) {
      const again = await page('/help/some-article', { 'accept-encoding': 'gzip' });
      expect(again.res.status).toBe(200);
      expect(again.scriptNonces).toEqual([again.nonce, again.nonce]);
      expect(seen.has(again.nonce)).toBe(false);
      expect(again.body).not.toContain(first.nonce);
      seen.add(again.nonce);
    }
    expect(renders - before).toBe(1);
  });

  it('compresses for a client that asks for gzip, and tells caches the answer varies by it', async () => {
    await page('/help/gz');
    const res = await fetch(`${base}/help/gz`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('vary')).toBe('rsc, Accept-Encoding');
    const raw = await new Promise<{ enc?: string; body: Buffer }>((resolve) => {
      import('node:http').then(({ get }) =>
        get(`${base}/help/gz`, { headers: { 'accept-encoding': 'gzip' } }, (r) => {
          const parts: Buffer[] = [];
          r.on('data', (c) => parts.push(c)).on('end', () =>
            resolve({ enc: r.headers['content-encoding'], body: Buffer.concat(parts) }),
          );
        }),
      );
    });
    expect(raw.enc).toBe('gzip');
    expect(gunzipSync(raw.body).toString()).toContain('<script nonce=');
  });

  it('keeps the language and text size of the visitor: each preference is a page of its own', async () => {
    await page('/login', { cookie: 'lang=en; textSize=large' });
    const ja = await page('/login');
    expect(ja.body).toContain('lang="ja"');
    expect(ja.body).toContain('data-text-size="normal"');
    const en = await page('/login', { cookie: 'textSize=large; lang=en' });
    expect(en.body).toContain('lang="en"');
    expect(en.body).toContain('data-text-size="large"');
  });

  it('never stores a page that set a cookie, failed, or was asked for with a session, a query or by the client router', async () => {
    const first = await page('/help/sets-cookie');
    expect(first.res.headers.get('set-cookie')).toBe('seen=1');
    const before = renders;
    await page('/help/sets-cookie');
    await page('/help/missing');
    await page('/help/missing');
    expect(renders - before).toBe(3);
    expect(
      pageCacheKey({ method: 'GET', url: '/help', headers: { cookie: 'authjs.session-token=x; lang=en' } } as never),
    ).toBeNull();
    expect(pageCacheKey({ method: 'GET', url: '/help?q=x', headers: {} } as never)).toBeNull();
    expect(pageCacheKey({ method: 'GET', url: '/help', headers: { rsc: '1' } } as never)).toBeNull();
    expect(pageCacheKey({ method: 'POST', url: '/login', headers: {} } as never)).toBeNull();
    expect(pageCacheKey({ method: 'GET', url: '/recovery', headers: {} } as never)).toBeNull();
    expect(pageCacheKey({ method: 'GET', url: '/help/%E3%81%82', headers: {} } as never)).toBeNull();
  });

  it('never reuses the request id of the render, and renders again once the entry is older than its lifetime', async () => {
    const a = await page('/help/ttl');
    const b = await page('/help/ttl');
    expect(b.res.headers.get('x-request-id')).not.toBe(a.res.headers.get('x-request-id'));
    const before = renders;
    clock += 1001;
    await page('/help/ttl');
    expect(renders - before).toBe(1);
  });

  it('lets one request render an expired page again while the others get the stored copy, for a bounded time', async () => {
    await page('/help/slow');
    clock += 1001; // expired: the next request renders it again
    const before = renders;
    const [first, second, third] = await Promise.all([page('/help/slow'), page('/help/slow'), page('/help/slow')]);
    expect(renders - before).toBe(1);
    for (const p of [first, second, third]) {
      expect(p.scriptNonces).toEqual([p.nonce]);
    }
    // The new render is stored: fresh again, served without a render.
    await page('/help/slow');
    expect(renders - before).toBe(1);
    // Past the lifetime and the stale time together, nobody gets the old copy: every request waits for a render.
    clock += 1001 + 25_001;
    await Promise.all([page('/help/slow'), page('/help/slow')]);
    expect(renders - before).toBe(3);
  });

  it('builds each gzip answer from pieces deflated once, and it inflates to the page with the new nonce', () => {
    // Japanese text, a nonce at the very start and end, two nonces side by side, and a piece over 64 KiB.
    const long = 'パスキーが作成されているためログインできません。'.repeat(3000);
    const page = ['', '<html lang="ja"><p>ログインでお困りの方</p><script nonce="', '', '">1</script>', long, ''];
    const parts = page.map((p) => Buffer.from(p));
    const deflated = parts.map((p) => deflateRawSync(p, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
    const nonce = Buffer.from(Buffer.from(crypto.randomUUID()).toString('base64'));
    const body = Buffer.concat(gzipMember(parts, deflated, nonce));
    expect(gunzipSync(body).toString()).toBe(page.join(nonce.toString()));
    // Compressed as a whole, not byte for byte: far smaller than the page.
    expect(body.length).toBeLessThan(Buffer.byteLength(long) / 20);
  });
});
