import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hit, peek } from '@/lib/rate-limit';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('fixed-window rate limits in SQL', () => {
  it('lets exactly the limit through when 30 requests arrive at once', async () => {
    const now = new Date('2026-11-25T10:15:00Z');
    const results = await Promise.all(Array.from({ length: 30 }, () => hit(t.db, 'burst', 20, 3600_000, now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
    expect(await peek(t.db, 'burst', 3600_000, now)).toBe(30);
  });

  it('tells how long until the window opens again', async () => {
    const now = new Date('2026-11-25T10:45:00Z');
    for (let i = 0; i < 2; i++) await hit(t.db, 'retry', 2, 3600_000, now);
    const res = await hit(t.db, 'retry', 2, 3600_000, now);
    expect(res).toEqual({ allowed: false, count: 3, retryAfterSeconds: 15 * 60 });
  });

  it('starts a fresh count in the next window', async () => {
    await hit(t.db, 'roll', 1, 3600_000, new Date('2026-11-25T10:59:59Z'));
    expect((await hit(t.db, 'roll', 1, 3600_000, new Date('2026-11-25T10:59:59Z'))).allowed).toBe(false);
    expect((await hit(t.db, 'roll', 1, 3600_000, new Date('2026-11-25T11:00:00Z'))).allowed).toBe(true);
  });
});
