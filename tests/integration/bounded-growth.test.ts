import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditEvents, webauthnChallenges } from '@/db/schema';
import { queryRows, type Db } from '@/db/client';
import { verifyAuditChain } from '@/lib/audit';
import { makeStaffAction } from '@/lib/staff/action';
import { ok } from '@/lib/staff/guard';
import { finishAuthentication, startAuthentication } from '@/lib/passkeys';
import { runRetention } from '@/lib/jobs/retention';
import { listJobRuns, runJob } from '@/lib/jobs';
import { retentionJob } from '@/lib/jobs/retention';
import { resetEnvCache } from '@/lib/config/env';
import { withTestDatabase } from '../support/db';

let db: Db;
withTestDatabase((x) => {
  db = x.db;
});

const WINDOW_MS = 15 * 60_000;

async function count(table: string, where = 'true'): Promise<number> {
  const [r] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return Number(r.n);
}

describe('BG-1 anonymous refusals are aggregated, never one audit row per request', () => {
  // Windows start on the clock (every 15 min, every minute): the clock stands still mid-window, so
  // a burst never straddles two windows.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS + WINDOW_MS / 2);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('BG-1 500 staff actions posted with no session: 2 audit rows (first + summary), actor anonymous, 429 past the cap', async () => {
    const ip = '198.51.100.7';
    const action = makeStaffAction(
      { db: async () => db, principal: async () => null, ctx: async () => ({ ip, userAgent: 'attacker-ua <script>' }) },
      { role: 'operator', name: 'staff.users.create', schema: z.object({}), run: async () => ok('ran') },
    );
    const statuses = new Map<string, number>();
    for (let i = 0; i < 500; i++) {
      const r = await action({});
      expect(r.ok).toBe(false);
      if (!r.ok) statuses.set(String(r.formError), (statuses.get(String(r.formError)) ?? 0) + 1);
    }
    expect(statuses.get('unauthenticated')).toBe(30);
    expect(statuses.get('rate_limited')).toBe(470);
    const rows = await db.select().from(auditEvents).where(like(auditEvents.action, 'staff.action.denied%'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: 'anonymous',
      actorId: null,
      ip,
      details: { reason: 'no_session', aggregated: true, attempted: 'staff.users.create' },
    });
    expect(JSON.stringify(rows[0].details)).not.toContain('attacker-ua');

    // The window closes: the retention job writes one summary with the final count, once.
    const later = new Date(Date.now() + WINDOW_MS + 1000);
    expect((await runRetention(db, later)).refusalSummaries).toBe(1);
    expect((await runRetention(db, later)).refusalSummaries).toBe(0);
    const summary = await db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.action.denied.summary'));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ actorType: 'anonymous', details: { reason: 'no_session', count: 500 } });
    expect(await count('rate_limit_buckets', `key like 'audit-agg|%'`)).toBe(0);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('BG-1 a window with a single refusal needs no summary: the bucket just goes', async () => {
    const action = makeStaffAction(
      { db: async () => db, principal: async () => null, ctx: async () => ({ ip: '198.51.100.8' }) },
      { role: 'viewer', name: 'staff.action', schema: z.object({}), run: async () => ok(1) },
    );
    const before = await count('audit_events');
    await action({});
    expect(await count('audit_events')).toBe(before + 1);
    expect((await runRetention(db, new Date(Date.now() + WINDOW_MS + 1000))).refusalSummaries).toBe(0);
    expect(await count('audit_events')).toBe(before + 1);
    expect(await count('rate_limit_buckets', `key like 'audit-agg|%'`)).toBe(0);
  });

  it('BG-1 two clients are two rows each at most: the IPv6 /64 counts as one client', async () => {
    const before = await count('audit_events');
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:db8:1:3::1']) {
      const action = makeStaffAction(
        { db: async () => db, principal: async () => null, ctx: async () => ({ ip }) },
        { role: 'viewer', name: 'staff.action', schema: z.object({}), run: async () => ok(1) },
      );
      for (let i = 0; i < 5; i++) await action({});
    }
    expect(await count('audit_events')).toBe(before + 2);
  });

  it('BG-1 many clients at once (a botnet, many /64s) are capped over all clients: one summary stands for everyone', async () => {
    process.env.REFUSAL_AUDIT_MAX_PER_WINDOW = '5';
    resetEnvCache();
    try {
      await db.execute(sql`delete from rate_limit_buckets`);
      const before = await count('audit_events');
      for (let c = 0; c < 20; c++) {
        const action = makeStaffAction(
          { db: async () => db, principal: async () => null, ctx: async () => ({ ip: `203.0.113.${100 + c}` }) },
          { role: 'viewer', name: 'staff.botnet.probe', schema: z.object({}), run: async () => ok(1) },
        );
        await action({});
        await action({});
      }
      const firsts = await db.select().from(auditEvents).where(eq(auditEvents.action, 'staff.action.denied'));
      expect(
        firsts.filter((e) => (e.details as { attempted?: string }).attempted === 'staff.botnet.probe'),
      ).toHaveLength(3);
      expect(await count('audit_events')).toBeLessThanOrEqual(before + 5);
      await runRetention(db, new Date(Date.now() + WINDOW_MS + 1000));
      const summaries = await db
        .select()
        .from(auditEvents)
        .where(eq(auditEvents.action, 'staff.action.denied.summary'));
      const all = summaries.filter((e) => (e.details as { scope?: string }).scope === 'all');
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ actorType: 'system', details: { reason: 'no_session', count: 40, clients: 20 } });
      expect(await count('audit_events')).toBeLessThanOrEqual(before + 6);
      expect(await count('rate_limit_buckets', `key like 'audit-agg|%'`)).toBe(0);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    } finally {
      delete process.env.REFUSAL_AUDIT_MAX_PER_WINDOW;
      resetEnvCache();
    }
  });

  it('BG-2 100 passkey logins with a made-up credential: one audit row, the credential id not stored', async () => {
    const ip = '198.51.100.20';
    const before = await count('audit_events');
    for (let i = 0; i < 100; i++) {
      // The attacker's challenges (capped per minute) are made directly: this counts the failure path.
      const [ch] = await db
        .insert(webauthnChallenges)
        .values({ challenge: `c${i}`, purpose: 'authenticate', expiresAt: new Date(Date.now() + 60_000) })
        .returning();
      await expect(
        finishAuthentication(
          db,
          { challengeId: ch.id, response: { id: `made-up-credential-${i}-至急03-5555-0199`, response: {} } },
          { ip, userAgent: 'x' },
        ),
      ).rejects.toMatchObject({ code: 'unknown_credential' });
    }
    expect(await count('audit_events')).toBe(before + 1);
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'login.passkey.unknown_credential'));
    expect(row).toMatchObject({ actorType: 'anonymous', details: { reason: 'unknown_credential' } });
    expect(JSON.stringify(row.details)).not.toContain('made-up');
    await runRetention(db, new Date(Date.now() + WINDOW_MS + 1000));
    const [summary] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'login.passkey.unknown_credential.summary'));
    expect(summary.details).toMatchObject({ count: 100 });
  });

  it('BG-2 WebAuthn challenges for anonymous callers are capped per client and minute; no delete on each call', async () => {
    const ctx = { ip: '198.51.100.30' };
    const results: string[] = [];
    for (let i = 0; i < 40; i++) {
      try {
        await startAuthentication(db, ctx);
        results.push('ok');
      } catch (e) {
        results.push((e as { code?: string }).code ?? 'error');
      }
    }
    expect(results.filter((r) => r === 'ok')).toHaveLength(30);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(10);
    // Another client is not affected.
    await expect(startAuthentication(db, { ip: '198.51.100.31' })).resolves.toHaveProperty('challengeId');
  });
});

describe('BG-3 the retention job removes what it should and nothing else', () => {
  it('BG-3 counts before and after, per table, with rows on both sides of every limit', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const H = 3600_000;
    const D = 24 * H;
    await db.execute(sql`delete from rate_limit_buckets`);
    await db.execute(sql`delete from webauthn_challenges`);
    await db.execute(sql`insert into rate_limit_buckets (key, window_start, count) values
      ('old', ${ago(25 * H)}, 3), ('recent', ${ago(2 * H)}, 3), ('current', ${ago(0)}, 1)`);
    await db.execute(sql`insert into webauthn_challenges (challenge, purpose, expires_at) values
      ('expired', 'authenticate', ${ago(1000)}), ('live', 'authenticate', ${ago(-60_000)})`);
    await db.execute(sql`insert into recovery_flows (token_hash, expires_at, completed_at, otp_hash, step) values
      ('t-done-old', ${ago(30 * H)}, ${ago(25 * H)}, 'h1', 'done'),
      ('t-expired-old', ${ago(25 * H)}, null, 'h2', 'otp'),
      ('t-done-recent', ${ago(-10 * 60_000)}, ${ago(H)}, 'h3', 'done'),
      ('t-live', ${ago(-10 * 60_000)}, null, 'h4', 'otp')`);
    await db.execute(sql`insert into notification_outbox (to_address, template, subject, body_text, created_at, sent_at) values
      ('a@example.jp', 't', 's', 'コード 123456', ${ago(26 * H)}, ${ago(25 * H)}),
      ('b@example.jp', 't', 's', 'コード 234567', ${ago(2 * H)}, ${ago(H)}),
      ('c@example.jp', 't', 's', 'コード 345678', ${ago(2 * H)}, null),
      ('d@example.jp', 't', 's', 'コード 456789', ${ago(8 * D)}, null)`);
    await db.execute(sql`insert into help_search_log (query, lang, result_count, at) values
      ('old', 'ja', 0, ${ago(91 * D)}), ('recent', 'ja', 0, ${ago(89 * D)})`);
    const sid = () => crypto.randomUUID();
    await db.execute(sql`insert into auth_sessions (subject_kind, subject_id, expires_at, ended_at) values
      ('customer', ${sid()}, ${ago(25 * H)}, null), ('customer', ${sid()}, ${ago(-H)}, ${ago(25 * H)}),
      ('staff', ${sid()}, ${ago(-H)}, null), ('customer', ${sid()}, ${ago(H)}, null)`);
    await db.execute(sql`insert into login_throttle (key, failures, updated_at, suspended_at) values
      ('old', 3, ${ago(31 * D)}, null), ('old-suspended', 20, ${ago(31 * D)}, ${ago(31 * D)}), ('recent', 1, ${ago(D)}, null)`);
    const auditBefore = await count('audit_events');

    const out = await runRetention(db, now);
    expect(out).toMatchObject({
      rateLimitBuckets: 1,
      webauthnChallenges: 1,
      flowCodeHashes: 2,
      outboxBodies: 2,
      helpSearchLog: 1,
      authSessions: 2,
      loginThrottle: 1,
    });
    const keys = async (q: string) => (await queryRows<{ k: string }>(db, sql.raw(q))).map((r) => r.k).sort();
    expect(await keys(`select key as k from rate_limit_buckets`)).toEqual(['current', 'recent']);
    expect(await keys(`select challenge as k from webauthn_challenges`)).toEqual(['live']);
    expect(await keys(`select token_hash as k from recovery_flows where otp_hash is null`)).toEqual([
      't-done-old',
      't-expired-old',
    ]);
    expect(await count('recovery_flows')).toBe(4);
    expect(
      await keys(`select to_address as k from notification_outbox where body_purged_at is not null and body_text = ''`),
    ).toEqual(['a@example.jp', 'd@example.jp']);
    expect(await keys(`select to_address as k from notification_outbox where body_text like 'コード%'`)).toEqual([
      'b@example.jp',
      'c@example.jp',
    ]);
    expect(await count('notification_outbox')).toBe(4);
    expect(await keys(`select query as k from help_search_log`)).toEqual(['recent']);
    expect(await count('auth_sessions')).toBe(2);
    expect(await keys(`select key as k from login_throttle`)).toEqual(['old-suspended', 'recent']);
    expect(await count('audit_events')).toBe(auditBefore);

    // A second pass finds nothing more.
    expect(Object.values(await runRetention(db, now)).every((n) => n === 0)).toBe(true);
  });

  it('BG-3 old incremental audit checks go; the newest good one, any failed or broken one and every full check stay', async () => {
    const now = new Date();
    const ago = (days: number) => new Date(now.getTime() - days * 24 * 3600_000).toISOString();
    await db.execute(sql`delete from audit_verifications`);
    await db.execute(sql`insert into audit_verifications (kind, status, started_at, finished_at, ok, result, to_event_id) values
      ('incremental', 'done', ${ago(40)}, ${ago(40)}, true, '{"n":"old-ok"}', 1),
      ('incremental', 'done', ${ago(39)}, ${ago(39)}, false, '{"n":"old-broken"}', 1),
      ('incremental', 'failed', ${ago(38)}, ${ago(38)}, null, '{"n":"old-failed"}', 1),
      ('full', 'done', ${ago(37)}, ${ago(37)}, true, '{"n":"old-full"}', 1),
      ('incremental', 'done', ${ago(36)}, ${ago(36)}, true, '{"n":"old-ok-2"}', 1),
      ('incremental', 'done', ${ago(1)}, ${ago(1)}, true, '{"n":"recent-ok"}', 1)`);
    const names = async () =>
      (await queryRows<{ n: string }>(db, sql`select result->>'n' as n from audit_verifications order by id`)).map(
        (r) => r.n,
      );

    expect((await runRetention(db, now)).auditVerificationRuns).toBe(2);
    expect(await names()).toEqual(['old-broken', 'old-failed', 'old-full', 'recent-ok']);

    // With no recent run, the newest good one is the next check's starting point: it stays, however old.
    await db.execute(sql`delete from audit_verifications where result->>'n' = 'recent-ok'`);
    await db.execute(sql`insert into audit_verifications (kind, status, started_at, finished_at, ok, result, to_event_id) values
      ('incremental', 'done', ${ago(50)}, ${ago(50)}, true, '{"n":"older"}', 1),
      ('incremental', 'done', ${ago(45)}, ${ago(45)}, true, '{"n":"newest-but-old"}', 1)`);
    expect((await runRetention(db, now)).auditVerificationRuns).toBe(1);
    expect(await names()).toEqual(['old-broken', 'old-failed', 'old-full', 'newest-but-old']);
  });

  it('BG-3 as a scheduled job: its last run and counts are recorded in job_runs', async () => {
    await db
      .insert(webauthnChallenges)
      .values({ challenge: 'x', purpose: 'authenticate', expiresAt: new Date(Date.now() - 1000) });
    expect(await runJob(db, retentionJob)).toMatchObject({ ran: true, ok: true, result: { webauthnChallenges: 1 } });
    const [run] = (await listJobRuns(db)).filter((r) => r.name === 'retention');
    expect(run).toMatchObject({ lastOk: true, lastResult: { webauthnChallenges: 1 } });
    expect(
      await db
        .select()
        .from(webauthnChallenges)
        .where(and(eq(webauthnChallenges.challenge, 'x'))),
    ).toHaveLength(0);
  });
});
