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

describe('/staff dashboard: the forgotten-password kind counted apart (docs/design.md#forgotten-password)', () => {
  const MIN = 60_000;
  const soon = new Date(NOW.getTime() + HOUR);
  const pw = (createdAgoMs: number, step: Step, extra: Partial<typeof recoveryFlows.$inferInsert> = {}) =>
    flow(createdAgoMs, step, { kind: 'password', expiresAt: soon, ...extra });

  beforeAll(async () => {
    await pw(MIN, 'credentials_pin'); // just started
    await pw(2 * MIN, 'secret_question', { pinVerifiedAt: NOW });
    await pw(3 * MIN, 'otp', { pinVerifiedAt: NOW }); // first code not yet entered
    // In its wait now: the first code was right.
    await pw(4 * MIN, 'waiting', { pinVerifiedAt: NOW, waitingSince: NOW, resumeAt: soon, expiresAt: soon });
    // Back after the wait: at `otp` again, but past the wait.
    await pw(5 * MIN, 'otp', { pinVerifiedAt: NOW, waitingSince: NOW, resumeAt: NOW, resumedAt: NOW });
    await pw(6 * MIN, 'review', { pinVerifiedAt: NOW, waitingSince: NOW, resumedAt: NOW, newPasswordHash: 'h' });
    await pw(7 * MIN, 'done', {
      pinVerifiedAt: NOW,
      waitingSince: NOW,
      resumedAt: NOW,
      completedAt: NOW,
      referenceNumber: 'R-20261125-PWDONE',
    });
    // Cancelled in its wait (a not-me lock or a staff unlock).
    await pw(8 * MIN, 'cancelled', { pinVerifiedAt: NOW, waitingSince: NOW });
    // Locked at account data: its row keeps no trace of the question; the events do.
    const locked = await pw(9 * MIN, 'locked');
    for (const a of ['recovery.credentials_pin.passed', 'recovery.secret_question.passed'] as const)
      await appendAudit(t.db, { actor: { type: 'customer' }, flowId: locked, action: a });
    // Its wait and the resume window both over: expired.
    await pw(10 * MIN, 'waiting', { pinVerifiedAt: NOW, waitingSince: NOW, expiresAt: new Date(NOW.getTime() - MIN) });
    await pw(11 * MIN, 'done', { channel: 'staff-preview', completedAt: NOW }); // a preview never counts
    await pw(3 * 24 * HOUR, 'done', {
      pinVerifiedAt: NOW,
      waitingSince: NOW,
      resumedAt: NOW,
      completedAt: NOW,
      referenceNumber: 'R-20261122-PWDONE',
    });
  });

  it('has its own stages (PIN, the wait, the return, the new password) and leaves the passkey funnel as it was', async () => {
    const res = await dashboard(t.db, cast.viewer, {}, NOW);
    if (!res.ok) throw new Error('refused');
    expect(res.data.password.today).toEqual({
      started: 10,
      credentials_pin: 9,
      secret_question: 8,
      account_data: 7,
      otp: 6,
      resumed: 3,
      new_password: 2,
      completed: 1,
      waiting: 1,
      locked: 1,
      expired: 1,
      cancelled: 1,
    });
    expect(res.data.password.week).toEqual({
      started: 11,
      credentials_pin: 10,
      secret_question: 9,
      account_data: 8,
      otp: 7,
      resumed: 4,
      new_password: 3,
      completed: 2,
      waiting: 1,
      locked: 1,
      expired: 1,
      cancelled: 1,
    });
    // The passkey kind's counts are those of the test above: no password flow leaks into them.
    expect(res.data.today.started).toBe(7);
    expect(res.data.week.started).toBe(9);
  });
});
