import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, helpSearchLog, recoveryFlows } from '../../db/schema';
import { appendAudit } from '../../lib/audit';
import { dashboard, jstMidnight } from '../../lib/staff/stats';
import { requestForcedReset } from '../../lib/staff/forced-reset';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { resetRequestInput, seedStaffCast, type StaffCast } from '../support/staff-fixtures';

let t: TestDatabase;
let cast: StaffCast;
// 2026-11-25 12:00 in Japan.
const NOW = new Date('2026-11-25T03:00:00.000Z');
const HOUR = 3600_000;

type Step = (typeof recoveryFlows.$inferInsert)['step'];
let seq = 0;
async function flow(createdAgoMs: number, step: Step, extra: Partial<typeof recoveryFlows.$inferInsert> = {}) {
  const createdAt = new Date(NOW.getTime() - createdAgoMs);
  const [row] = await t.db
    .insert(recoveryFlows)
    .values({
      tokenHash: `stats-${seq++}`,
      step,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
      channel: 'web',
      ...extra,
    })
    .returning({ id: recoveryFlows.id });
  return row.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  cast = await seedStaffCast(t.db); // signed in (with a step-up) at NOW
  // Today (Japan time): 7 customer flows, one preview flow that must not count.
  await flow(60_000, 'credentials', { expiresAt: new Date(NOW.getTime() + 60_000) }); // just started
  await flow(2 * 60_000, 'secret_question', { expiresAt: new Date(NOW.getTime() + 60_000), passwordVerifiedAt: NOW });
  await flow(3 * 60_000, 'otp', { expiresAt: new Date(NOW.getTime() + 60_000), passwordVerifiedAt: NOW });
  await flow(2 * HOUR, 'done', {
    passwordVerifiedAt: NOW,
    otpVerifiedAt: NOW,
    completedAt: NOW,
    referenceNumber: 'R-20261125-AAAAAA',
  });
  const locked = await flow(3 * HOUR, 'locked', { passwordVerifiedAt: NOW });
  for (const a of [
    'recovery.credentials.passed',
    'recovery.secret_question.passed',
    'recovery.account_data.passed',
  ] as const) {
    await appendAudit(t.db, { actor: { type: 'customer' }, flowId: locked, action: a });
  }
  await flow(4 * HOUR, 'expired');
  await flow(5 * HOUR, 'credentials'); // lapsed: still at credentials, past its lifetime
  await flow(HOUR, 'done', { channel: 'staff-preview', completedAt: NOW });
  // Earlier this week, and last week.
  await flow(3 * 24 * HOUR, 'done', {
    passwordVerifiedAt: NOW,
    otpVerifiedAt: NOW,
    completedAt: NOW,
    referenceNumber: 'R-20261122-BBBBBB',
  });
  await flow(3 * 24 * HOUR, 'locked');
  await flow(8 * 24 * HOUR, 'done', { completedAt: NOW, referenceNumber: 'R-20261117-CCCCCC' });

  const at = (ms: number) => new Date(NOW.getTime() - ms);
  await t.db.insert(helpSearchLog).values([
    ...Array.from({ length: 3 }, () => ({
      query: 'ぱすきー かいじょ できない',
      lang: 'ja',
      resultCount: 0,
      at: at(HOUR),
    })),
    { query: '<script>alert(1)</script>', lang: 'ja', resultCount: 0, at: at(2 * HOUR) },
    ...Array.from({ length: 5 }, () => ({ query: 'パスキー', lang: 'ja', resultCount: 4, at: at(HOUR) })),
    { query: 'old query', lang: 'en', resultCount: 0, at: at(10 * 24 * HOUR) },
  ]);
  await t.db
    .update(customers)
    .set({ loginLockedAt: at(HOUR) })
    .where(eq(customers.id, cast.demoLockedId));
  await t.db
    .update(customers)
    .set({ recoveryLockedUntil: new Date(NOW.getTime() + HOUR) })
    .where(eq(customers.id, cast.demoNormalId));
  await requestForcedReset(t.db, cast.operator, resetRequestInput(cast.demoLockedId), {});
});
afterEach(() => {
  vi.setSystemTime(NOW);
});
afterAll(async () => {
  vi.useRealTimers();
  await t?.drop();
});

describe('/staff dashboard', () => {
  it('days start at midnight in Japan', () => {
    expect(jstMidnight(NOW).toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(jstMidnight(NOW, 6).toISOString()).toBe('2026-11-18T15:00:00.000Z');
    expect(jstMidnight(new Date('2026-11-25T14:59:59Z')).toISOString()).toBe('2026-11-24T15:00:00.000Z');
    expect(jstMidnight(new Date('2026-11-25T15:00:00Z')).toISOString()).toBe('2026-11-25T15:00:00.000Z');
  });

  it('counts the funnel for today and the last 7 days from the flows (and the step events of flows that ended early)', async () => {
    const res = await dashboard(t.db, cast.viewer, {}, NOW);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.today).toEqual({
      started: 7,
      credentials: 4,
      secret_question: 3,
      account_data: 3,
      otp: 1,
      completed: 1,
      locked: 1,
      expired: 2,
      cancelled: 0,
    });
    expect(res.data.week).toEqual({
      started: 9,
      credentials: 5,
      secret_question: 4,
      account_data: 4,
      otp: 2,
      completed: 2,
      locked: 2,
      expired: 2,
      cancelled: 0,
    });
  });

  it('lists the top zero-result help searches of the week, most frequent first', async () => {
    const res = await dashboard(t.db, cast.viewer, {}, NOW);
    if (!res.ok) throw new Error('refused');
    expect(res.data.zeroResults.map((z) => [z.query, z.count])).toEqual([
      ['ぱすきー かいじょ できない', 3],
      ['<script>alert(1)</script>', 1],
    ]);
  });

  it('shows open cases: not-me locks, recovery locks and pending forced resets', async () => {
    const res = await dashboard(t.db, cast.viewer, {}, NOW);
    if (!res.ok) throw new Error('refused');
    expect(res.data.cases.notMeLocked.map((c) => c.loginId)).toEqual(['demo-locked']);
    expect(res.data.cases.recoveryLocked.map((c) => c.loginId)).toEqual(['demo-normal']);
    expect(res.data.cases.pendingResets).toEqual([
      expect.objectContaining({
        loginId: 'demo-locked',
        requestedByName: '鈴木 一郎（オペレーター）',
        caseNumber: 'C-2026-00123',
      }),
    ]);
  });

  it('a recovery lock that has ended is no longer an open case', async () => {
    const later = new Date(NOW.getTime() + 2 * HOUR);
    vi.setSystemTime(later);
    const res = await dashboard(t.db, cast.viewer, {}, later);
    if (!res.ok) throw new Error('refused');
    expect(res.data.cases.recoveryLocked).toEqual([]);
  });
});
