import type { RatePolicy } from '../config/security';
import { retryAfterSeconds, windowStartOf, type RateDecision } from './index';

/**
 * A fixed-window counter held in this process, for read-only paths where the limit protects this
 * instance's CPU rather than shared state (help search): no database write per request, and N
 * instances each allow `limit` — which is what each one's CPU can take. Memory is bounded: at most
 * `maxKeys` clients per window; past that, the window's counters are dropped (the limit then
 * restarts for everyone, rather than the process growing).
 */
export class MemoryRateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly policy: () => RatePolicy,
    private readonly maxKeys = 100_000,
  ) {}

  hit(key: string, now = new Date()): RateDecision {
    const { limit, windowMs } = this.policy();
    const start = windowStartOf(now, windowMs).getTime();
    if (start !== this.windowStart || (this.counts.size >= this.maxKeys && !this.counts.has(key))) {
      this.windowStart = start;
      this.counts = new Map();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count <= limit
      ? { allowed: true, count }
      : { allowed: false, count, retryAfterSeconds: retryAfterSeconds(now, windowMs) };
  }
}
