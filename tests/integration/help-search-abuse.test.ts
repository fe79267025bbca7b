import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@/db/client';
import { GET as search } from '@/app/api/v1/help/search/route';
import { flushSearchLog } from '@/lib/help/search-log';
import { searchMetadata } from '@/app/help/_components/search-view';
import { syncHelpArticles } from '@/lib/help/sync';
import { topZeroResultSearches } from '@/lib/staff/stats';
import { redactSearchQuery } from '@/lib/help/redact';
import { withTestDatabase } from '../support/db';
import { socketHeaders } from '../support/socket';

let db: Db;
withTestDatabase((x) => {
  db = x.db;
});
beforeAll(async () => {
  await syncHelpArticles(db);
});

const ATTACK = '至急 お客さま対応窓口 03-5555-0199 へ電話';

function get(q: string, ip: string, headers: Record<string, string> = {}) {
  const url = `http://localhost/api/v1/help/search?${new URLSearchParams({ q, lang: 'ja' })}`;
  return search(
    new NextRequest(url, { headers: { ...socketHeaders(ip), 'sec-fetch-site': 'same-origin', ...headers } }),
  );
}

async function logged(like: string): Promise<{ query: string; client_key: string | null }[]> {
  await flushSearchLog(db);
  return queryRows(db, sql`select query, client_key from help_search_log where query like ${like} order by id`);
}

describe('BG-4 help search: rate limit, one log row per client, redaction', () => {
  // The per-minute window starts on the clock: it stands still mid-minute, so a burst never straddles two.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('BG-4 1,000 searches of one text from one client: 429s past the limit, one log row, one dashboard entry counted once', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) statuses.push((await get(ATTACK, '203.0.113.5')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(60);
    expect(statuses.filter((s) => s === 429)).toHaveLength(940);
    const last = await get(ATTACK, '203.0.113.5');
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is not limited by the first one.
    expect((await get('パスキー', '203.0.113.6')).status).toBe(200);

    const rows = await logged('%至急%');
    expect(rows).toHaveLength(1);
    expect(rows[0].query).not.toContain('5555');
    expect(rows[0].client_key).toMatch(/^[0-9a-f]{16}$/);
    const top = await topZeroResultSearches(db, new Date(Date.now() - 3600_000));
    const entry = top.filter((z) => z.query.includes('至急'));
    expect(entry).toHaveLength(1);
    expect(entry[0].count).toBe(1);
  });

  it('BG-4 the dashboard ranks by distinct clients: one client repeating a text ranks below two clients', async () => {
    await db.execute(sql`insert into help_search_log (query, lang, result_count, client_key) values
      ('repeated-by-one', 'ja', 0, 'aaaaaaaaaaaaaaaa'), ('repeated-by-one', 'ja', 0, 'aaaaaaaaaaaaaaaa'), ('repeated-by-one', 'ja', 0, 'aaaaaaaaaaaaaaaa'),
      ('asked-by-two', 'ja', 0, 'bbbbbbbbbbbbbbbb'), ('asked-by-two', 'ja', 0, 'cccccccccccccccc')`);
    const top = await topZeroResultSearches(db, new Date(Date.now() - 3600_000));
    const order = top.map((z) => z.query).filter((q) => q === 'repeated-by-one' || q === 'asked-by-two');
    expect(order).toEqual(['asked-by-two', 'repeated-by-one']);
    expect(top.find((z) => z.query === 'repeated-by-one')?.count).toBe(1);
  });

  it('BG-4 an IPv6 /64 is one client, for the limit and for the log', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++)
      statuses.push((await get('ろくよんのけんさく', `2001:db8:aa:bb::${(i + 1).toString(16)}`)).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(await logged('ろくよんのけんさく')).toHaveLength(1);
  });

  it("BG-4 a search a third-party page makes from a visitor's browser (cross-site) is answered but not logged", async () => {
    expect((await get('よそのさいとのけんさく', '203.0.113.7', { 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await get('よそのさいとのけんさく', '203.0.113.8', { 'sec-fetch-site': 'same-site' })).status).toBe(200);
    const noFetchMetadata = { 'sec-fetch-site': '', referer: 'https://evil.example/page' };
    expect((await get('よそのさいとのけんさく', '203.0.113.9', noFetchMetadata)).status).toBe(200);
    expect(await logged('よそのさいとのけんさく')).toHaveLength(0);
    // Typed into the address bar, or from our own search box: logged.
    await get('じぶんでうったけんさく', '203.0.113.10', { 'sec-fetch-site': 'none' });
    expect(await logged('じぶんでうったけんさく')).toHaveLength(1);
  });

  it('BG-5 phone numbers (Japanese formats, full-width digits), emails and long digit runs are stored masked', async () => {
    const cases: [string, RegExp][] = [
      ['至急03-5555-0199へ電話', /^至急##-####-####へ電話$/],
      ['０３－５５５５－０１９９にでんわ', /^##-####-####にでんわ$/],
      ['でんわ0355550199', /^でんわ##########$/],
      ['けいたい090-1234-5678', /^けいたい###-####-####$/],
      ['けいたい 090 1234 5678', /^けいたい ### #### ####$/],
      ['こくさい +81-3-5555-0199', /^こくさい \+##-#-####-####$/],
      ['ちょうおん 03ー5555ー0199', /^ちょうおん ##ー####ー####$/],
      ['かっこ (03)5555-0199', /^かっこ \(##\)####-####$/],
      ['めーる attacker.name+x@example.co.jp まで', /^めーる \*\*\*@\*\*\* まで$/],
      ['ぜんかく ａｔｔａｃｋｅｒ＠ｅｘａｍｐｌｅ．ｊｐ', /^ぜんかく \*\*\*@\*\*\*$/],
      ['こうざ 1234567', /^こうざ #######$/],
    ];
    for (const [i, [q, expected]] of cases.entries()) {
      expect(redactSearchQuery(q)).toMatch(expected);
      await get(q, `198.18.0.${i + 1}`);
    }
    await flushSearchLog(db);
    const rows = await queryRows<{ query: string }>(db, sql`select query from help_search_log`);
    const all = rows.map((r) => r.query).join('\n');
    for (const secret of ['5555', '0199', '1234', '5678', 'attacker', 'example', '1234567'])
      expect(all).not.toContain(secret);
    // What is not personal data stays readable.
    expect(redactSearchQuery('iPhone 15 パスキー')).toBe('iPhone 15 パスキー');
    expect(redactSearchQuery('エラー E1234')).toBe('エラー E1234');
  });

  it('BG-6 the search page never puts the query in its <title>', () => {
    expect(JSON.stringify(searchMetadata('ja', ATTACK))).not.toContain('至急');
    expect(JSON.stringify(searchMetadata('en', ATTACK))).not.toContain('至急');
  });
});
