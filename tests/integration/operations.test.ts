import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { envSchema, resetEnvCache } from '@/lib/config/env';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  resetEnvCache();
});

describe('operations (docs/operations.md)', () => {
  it('/api/health reports the database', async () => {
    const res = await health();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.database.status).toBe('ok');
    expect(body.database.driver).toBe(process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  it('rejects bad configuration with a message naming each variable', () => {
    const r = envSchema.safeParse({ PASSKEY_POLICY: 'sometimes', FLOW_TTL_SECONDS: '-5', DATABASE_URL: 'not a url' });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['DATABASE_URL', 'FLOW_TTL_SECONDS', 'PASSKEY_POLICY']);
  });

  it('applies the documented defaults (docs/design.md#security-rules) when nothing is set', () => {
    const e = envSchema.parse({});
    expect([
      e.FLOW_TTL_SECONDS,
      e.FLOW_MAX_FAILURES,
      e.ACCOUNT_MAX_FAILURES,
      e.OTP_TTL_SECONDS,
      e.OTP_MAX_TRIES,
      e.OTP_MAX_SENDS,
      e.OTP_RESEND_INTERVAL_SECONDS,
    ]).toEqual([900, 5, 10, 600, 3, 3, 60]);
    expect([
      e.IP_MAX_FLOWS_PER_HOUR,
      e.IP_MAX_ATTEMPTS_PER_HOUR,
      e.ARGON2_MEMORY_KIB,
      e.ARGON2_TIME_COST,
      e.ARGON2_PARALLELISM,
    ]).toEqual([20, 100, 19456, 2, 1]);
    expect(e.PASSKEY_POLICY).toBe('exclusive');
    expect(e.BRAND_NAME).toBe('デモ証券');
  });
});
