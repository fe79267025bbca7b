import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { rateLimitPolicies, securityPolicy } from '@/lib/config/security';
import { retentionPolicy } from '@/lib/jobs/retention';

/* Every rate limit is a named policy in lib/config/security.ts, and the limiters read it from there. */

const root = path.resolve(__dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(n) ? [full] : [];
  });

describe('rate-limit policies', () => {
  afterEach(() => {
    delete process.env.RETENTION_RATE_LIMIT_SECONDS;
    delete process.env.REFUSAL_WINDOW_SECONDS;
    resetEnvCache();
  });

  it('each has a positive limit and window, and the configured numbers reach it', () => {
    for (const [name, p] of Object.entries(rateLimitPolicies())) {
      expect(p.limit, name).toBeGreaterThan(0);
      expect(p.windowMs, name).toBeGreaterThan(0);
    }
    expect(securityPolicy().rateLimits.staffLoginsPerIp).toEqual({ limit: 30, windowMs: 15 * 60_000 });
    process.env.REFUSAL_WINDOW_SECONDS = '7200';
    resetEnvCache();
    expect(securityPolicy().rateLimits.refusalsPerClient.windowMs).toBe(7_200_000);
  });

  it('retention keeps a bucket at least as long as the longest window, whatever is configured', () => {
    process.env.RETENTION_RATE_LIMIT_SECONDS = '60';
    resetEnvCache();
    const longest = Math.max(...Object.values(rateLimitPolicies()).map((p) => p.windowMs));
    expect(retentionPolicy().rateLimitMs).toBe(longest);
    process.env.REFUSAL_WINDOW_SECONDS = String(3 * 24 * 3600);
    resetEnvCache();
    expect(retentionPolicy().rateLimitMs).toBe(3 * 24 * 3600_000);
  });

  it('no limiter outside lib/config writes its own numbers', () => {
    const stray = ['lib', 'app']
      .flatMap((d) => files(path.join(root, d)))
      .filter((f) => !f.includes(`${path.sep}rate-limit${path.sep}`) && !f.includes(`${path.sep}config${path.sep}`))
      .flatMap((f) => {
        const text = readFileSync(f, 'utf8');
        return [
          ...text.matchAll(/\b(?:hit|hitMany|checkLimit)\([^;]*?(?:\d[\d_]*\s*\*\s*[\d_]+|\b\d{2}[\d_]*_000\b)/g),
        ].map((m) => `${path.relative(root, f)}: ${m[0].slice(0, 80)}`);
      });
    expect(stray).toEqual([]);
  });
});
