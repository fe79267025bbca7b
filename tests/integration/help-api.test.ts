import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { GET as search } from '@/app/api/v1/help/search/route';
import { POST as feedback } from '@/app/api/v1/help/feedback/route';
import sitemap from '@/app/sitemap';
import robots from '@/app/robots';
import { syncHelpArticles } from '@/lib/help/sync';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { socketHeaders } from '../support/socket';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncHelpArticles(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const get = (qs: Record<string, string>) =>
  search(new NextRequest(`http://localhost/api/v1/help/search?${new URLSearchParams(qs)}`));

function post(body: string, headers: Record<string, string>) {
  return feedback(
    new NextRequest('http://localhost/api/v1/help/feedback', {
      method: 'POST',
      body,
      headers: { host: 'localhost', ...socketHeaders('192.0.2.7'), ...headers },
    }),
  );
}
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' };

describe('GET /api/v1/help/search', () => {
  it('answers {results: [{slug, title, snippet, score}], total} for ﾊﾟｽｷｰ 消したい', async () => {
    const res = await get({ q: 'ﾊﾟｽｷｰ 消したい', lang: 'ja' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(Object.keys(body.results[0])).toEqual(expect.arrayContaining(['slug', 'title', 'snippet', 'score']));
    expect(body.results[0].slug).toBe('passkey-remove-recovery');
    expect(body.results[0].snippet).toContain('<mark>');
  });

  it('searches the English articles with lang=en', async () => {
    const body = await (await get({ q: 'forgot password', lang: 'en' })).json();
    expect(body.results[0]).toMatchObject({ slug: 'password-forgot', title: 'Forgot your password' });
  });

  it('answers an empty, oversized or hostile query with a clean 200, never an error', async () => {
    for (const q of ['', 'x'.repeat(2000), '<script>alert(1)</script>', "'; drop table help_articles; --", '%%%___']) {
      const res = await get({ q, lang: 'ja' });
      expect(res.status, q.slice(0, 30)).toBe(200);
      const body = await res.json();
      expect(Array.isArray(body.results)).toBe(true);
      expect(typeof body.total).toBe('number');
    }
  });

  it('treats an unknown lang or a silly limit as the defaults instead of failing', async () => {
    const body = await (await get({ q: 'パスキー', lang: 'xx', limit: '-5' })).json();
    expect(body.results.length).toBe(10);
  });

  it('is never cached, so every search reaches the log', async () => {
    expect((await get({ q: 'パスキー' })).headers.get('cache-control')).toBe('no-store');
  });
});

describe('POST /api/v1/help/feedback (「この記事は役に立ちましたか？」)', () => {
  const count = async (slug: string, helpful: boolean) =>
    (
      await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from help_feedback where slug = ${slug} and helpful = ${helpful}`,
      )
    )[0].n;

  it('stores はい from a plain form and sends the browser back to the article with a thank-you', async () => {
    const res = await post(form({ slug: 'passkey-what-is', lang: 'ja', helpful: 'yes' }), FORM);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/help/passkey-what-is?feedback=yes#feedback');
    expect(await count('passkey-what-is', true)).toBe(1);
  });

  it('stores いいえ for an English article and returns to its English URL', async () => {
    const res = await post(form({ slug: 'passkey-what-is', lang: 'en', helpful: 'no' }), FORM);
    expect(res.headers.get('location')).toBe('/help/en/passkey-what-is?feedback=no#feedback');
    expect(await count('passkey-what-is', false)).toBe(1);
  });

  it('accepts JSON from the app', async () => {
    const res = await post(JSON.stringify({ slug: 'password-forgot', lang: 'ja', helpful: true }), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('refuses a form posted from another site', async () => {
    const res = await post(form({ slug: 'passkey-what-is', lang: 'ja', helpful: 'yes' }), {
      ...FORM,
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
  });

  it('answers 404 for an article that does not exist and 400 for nonsense, storing nothing', async () => {
    const before = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from help_feedback`))[0].n;
    expect((await post(form({ slug: 'no-such-article', lang: 'ja', helpful: 'yes' }), FORM)).status).toBe(404);
    expect((await post(form({ slug: '../../etc', lang: 'ja', helpful: 'yes' }), FORM)).status).toBe(400);
    expect((await post(form({ slug: 'passkey-what-is', lang: 'ja', helpful: 'maybe' }), FORM)).status).toBe(400);
    expect((await post('{not json', { 'content-type': 'application/json' })).status).toBe(400);
    const after = (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from help_feedback`))[0].n;
    expect(after).toBe(before);
  });
});

describe('sitemap.xml and robots.txt', () => {
  it('lists every article in both languages with hreflang alternates, and the troubleshooter once per language', async () => {
    const entries = await sitemap();
    const urls = entries.map((e) => e.url);
    expect(urls).toContain('http://localhost:3000/help/passkey-cannot-login');
    expect(urls).toContain('http://localhost:3000/help/en/passkey-cannot-login');
    expect(urls.filter((u) => u.endsWith('/login-trouble'))).toHaveLength(2);
    expect(new Set(urls).size).toBe(urls.length);
    const ja = entries.find((e) => e.url.endsWith('/help/passkey-cannot-login'))!;
    expect(ja.alternates?.languages).toEqual({
      ja: 'http://localhost:3000/help/passkey-cannot-login',
      en: 'http://localhost:3000/help/en/passkey-cannot-login',
    });
  });

  it('points robots at the sitemap and keeps recovery, staff and the API out of search engines', () => {
    const r = robots();
    expect(r.sitemap).toBe('http://localhost:3000/sitemap.xml');
    const rule = Array.isArray(r.rules) ? r.rules[0] : r.rules;
    expect(rule.disallow).toEqual(expect.arrayContaining(['/recovery', '/staff', '/api']));
  });
});
