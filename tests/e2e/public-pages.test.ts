import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articlePath } from '@/lib/help/paths';
import { E2E_PORTS } from './ports';
import { newContext, serveApp } from './support';

/*
 * The public pages served from the page cache (lib/http/page-cache.mjs) under the strict CSP, and the
 * metrics endpoint (GET /api/metrics) of the same production server.
 */
const TOKEN = 'e2e-metrics-token-0123456789';
const app = serveApp(E2E_PORTS.publicPages, { METRICS_TOKEN: TOKEN });

const articles = readdirSync(path.resolve(import.meta.dirname, '../../db/seed/help'))
  .map((f) => /^(.+)\.(ja|en)\.md$/.exec(f))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => articlePath(m[1], m[2] as 'ja' | 'en'));
const PUBLIC_PAGES = ['/login', '/help', '/help/en', ...articles];

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

describe('public pages under the strict CSP', () => {
  it(`every public page (${PUBLIC_PAGES.length}) runs its scripts with its own response's nonce, and Chromium reports no CSP violation`, async () => {
    expect(articles.length).toBeGreaterThan(60);
    const ctx = await newContext(app, { mobile: true });
    await ctx.addInitScript(() => {
      (window as unknown as { __violations: string[] }).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    const page = await ctx.newPage();
    const consoleCsp: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) consoleCsp.push(`${page.url()}: ${m.text()}`);
    });
    const seenNonces = new Set<string>();
    // The first three as Next renders them; then every page as the cache serves it (a visitor after the first).
    const visits = [...PUBLIC_PAGES.slice(0, 3), ...PUBLIC_PAGES];
    await Promise.all(PUBLIC_PAGES.slice(3).map((p) => fetch(app.url + p).then((r) => r.arrayBuffer())));
    for (const p of visits) {
      {
        const res = await page.goto(p, { waitUntil: 'load' });
        expect(res?.status(), p).toBe(200);
        const csp = (await res!.allHeaders())['content-security-policy'] ?? '';
        const scriptSrc =
          csp
            .split(';')
            .map((d) => d.trim())
            .find((d) => d.startsWith('script-src')) ?? '';
        expect(scriptSrc, p).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
        const nonce = nonceOf(csp);
        expect(nonce, p).toBeTruthy();
        expect(seenNonces.has(nonce!), `${p} reused a nonce`).toBe(false);
        seenNonces.add(nonce!);
        const found = await page.evaluate(() => ({
          nonces: [...document.scripts].map((s) => s.nonce),
          violations: (window as unknown as { __violations: string[] }).__violations,
        }));
        expect(found.nonces.length, p).toBeGreaterThan(0);
        expect(new Set(found.nonces), p).toEqual(new Set([nonce]));
        expect(found.violations, p).toEqual([]);
      }
    }
    expect(consoleCsp).toEqual([]);
    await ctx.close();
  }, 900_000);

  it("a cached page never carries another request's nonce, cookie or language", async () => {
    const en = await fetch(`${app.url}/login`, { headers: { cookie: 'lang=en' } });
    const enHtml = await en.text();
    expect(enHtml).toContain('<html lang="en"');
    const pages = await Promise.all(
      [1, 2, 3].map(() => fetch(`${app.url}/login`).then(async (r) => ({ r, html: await r.text() }))),
    );
    for (const { r, html } of pages) {
      expect(html).toContain('<html lang="ja"');
      expect(r.headers.get('set-cookie')).toBeNull();
      const nonce = nonceOf(r.headers.get('content-security-policy') ?? '')!;
      expect(html).toContain(`nonce="${nonce}"`);
      expect(html).not.toContain(nonceOf(en.headers.get('content-security-policy') ?? '')!);
    }
    const nonces = pages.map(({ r }) => nonceOf(r.headers.get('content-security-policy') ?? ''));
    expect(new Set(nonces).size).toBe(3);
    const ids = pages.map(({ r }) => r.headers.get('x-request-id'));
    expect(new Set(ids).size).toBe(3);
    // An English article asked for with the Japanese choice is still sent to the Japanese page, cached or not.
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${app.url}/help/en/account-locked`, {
        headers: { cookie: 'lang=ja' },
        redirect: 'manual',
      });
      expect(r.status).toBe(307);
      expect(r.headers.get('location')).toContain('/help/account-locked');
    }
  });
});

describe('GET /api/metrics', () => {
  it('refuses a scrape without the token or with a wrong one', async () => {
    expect((await fetch(`${app.url}/api/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}0` } })).status).toBe(
      401,
    );
  });

  it('labels requests by route pattern, never by the raw path: 50 made-up article paths add no label value', async () => {
    const scrape = async () =>
      (await fetch(`${app.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const routes = (text: string) =>
      new Set([...text.matchAll(/^lhp_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/gm)].map((m) => m[1]));
    await fetch(`${app.url}/help/account-locked`);
    const before = routes(await scrape());
    const made: string[] = [];
    for (let i = 0; i < 50; i++) {
      const slug = `x${crypto.randomUUID().slice(0, 12)}`;
      made.push(slug);
      await fetch(`${app.url}/help/${slug}`);
    }
    const text = await scrape();
    const after = routes(text);
    expect(after.has('/help/[slug]')).toBe(true);
    for (const slug of made) expect(text).not.toContain(slug);
    expect(after.size).toBeLessThanOrEqual(before.size + 1);
    expect([...after].every((r) => r === 'unmatched' || r.startsWith('/'))).toBe(true);
  });
});
