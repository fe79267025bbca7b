import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { GET as scrape } from '@/app/api/metrics/route';
import { resetEnvCache } from '@/lib/config/env';
import { hit } from '@/lib/rate-limit';
import { searchHelp } from '@/lib/help/search';
import { syncHelpArticles } from '@/lib/help/sync';
import { limitName, scrapeAuthorized } from '@/lib/metrics';
import { startFlow } from '@/lib/recovery';
import { createTestDatabase, type TestDatabase } from '../support/db';

const TOKEN = 'metrics-token-0123456789abcdef';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncHelpArticles(t.db);
});
afterAll(async () => {
  await t?.drop();
});
afterEach(() => {
  delete process.env.METRICS_TOKEN;
  resetEnvCache();
});

function withToken(token: string | undefined) {
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
  resetEnvCache();
}
const get = (authorization?: string) =>
  scrape(new Request('http://localhost/api/metrics', { headers: authorization ? { authorization } : {} }));

/** The value of one sample line, e.g. sample(text, 'lhp_outbox_pending'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
}

describe('GET /api/metrics', () => {
  it('does not exist (404) while METRICS_TOKEN is unset, whatever the header says', async () => {
    withToken(undefined);
    expect((await get()).status).toBe(404);
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(404);
    expect(await (await get(`Bearer ${TOKEN}`)).text()).toBe('');
  });

  it('refuses a scrape without the token, with a wrong one, or in another scheme, and shows nothing', async () => {
    withToken(TOKEN);
    for (const header of [
      undefined,
      'Bearer',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      `bearer${TOKEN}`,
      `Bearer  ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
    ]) {
      const res = await get(header);
      expect(res.status, String(header)).toBe(401);
      expect(await res.text()).not.toContain('lhp_');
    }
    expect(scrapeAuthorized(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(scrapeAuthorized('Bearer ', '')).toBe(false);
  });

  it('answers the Prometheus text format with the token: steps, refusals, searches, outbox, pool, event loop, memory', async () => {
    withToken(TOKEN);
    const ctx = { ip: '192.0.2.41', userAgent: 'vitest' };
    for (let i = 0; i < 21; i++) await startFlow(t.db, ctx); // the 21st is over IP_MAX_FLOWS_PER_HOUR
    await hit(t.db, 'login:ip:192.0.2.41', 0, 3600_000);
    await searchHelp(t.db, { q: 'パスキー 削除', lang: 'ja', log: false });
    await searchHelp(t.db, { q: 'zzqxjv wwkrpt', lang: 'ja', log: false });
    await t.db.execute(sql`insert into notification_outbox (to_address, template, subject, body_text, created_at)
      values ('a@example.jp', 'otp', 's', 'b', now() - interval '90 seconds')`);

    const res = await get(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(sample(text, 'lhp_recovery_step_outcomes_total{step="start",kind="ok"}')).toBeGreaterThanOrEqual(20);
    expect(sample(text, 'lhp_recovery_step_outcomes_total{step="start",kind="rate_limited"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'lhp_rate_limit_refusals_total{limit="recovery:flows:ip"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lhp_rate_limit_refusals_total{limit="login:ip"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lhp_help_search_duration_seconds_count{lang="ja",cached="no"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'lhp_help_search_zero_results_total{lang="ja"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lhp_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lhp_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(89);
    expect(sample(text, 'lhp_db_pool_max')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lhp_db_pool_waiting')).toBe(0);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('nodejs_heap_size_used_bytes');
    expect(text).toContain('process_resident_memory_bytes');
    // No login ID, IP or query text ever becomes a label.
    expect(text).not.toContain('192.0.2.41');
    expect(text).not.toContain('zzqxjv');
  });

  it('names a rate limit by its kind, never by the client or account in its key', () => {
    expect(limitName('recovery:attempts:login:alice')).toBe('recovery:attempts:login');
    expect(limitName('login:ip:2001:db8::1')).toBe('login:ip');
    expect(limitName('webauthn-challenge:198.51.100.0')).toBe('webauthn-challenge');
    expect(limitName('something-new:x')).toBe('other');
  });
});

describe('the pool gauges', () => {
  it('count a running transaction once and settle back to zero', async () => {
    const pool = t.pool!;
    expect(pool.inFlight).toBe(0);
    let inside = -1;
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      inside = pool.inFlight;
    });
    expect(inside).toBe(1);
    await Promise.all([t.db.execute(sql`select pg_sleep(0.05)`), t.db.execute(sql`select 1`)]);
    await t.db.execute(sql`select 1/0`).catch(() => undefined);
    expect(pool.inFlight).toBe(0);
  });
});
