/**
 * What /api/metrics reports as the database pool of this instance (lib/metrics): statements and
 * transactions started and not yet settled. A transaction holds its connection from BEGIN to COMMIT and
 * counts once, however many statements it runs. With `max` connections, `inFlight − max` of them wait.
 * Neither driver exposes its queue, so this counts at the calls the app makes — the same number.
 */
export type PoolCounter = { inFlight: number; max: number };

export function poolCounter(max: number): PoolCounter {
  return { inFlight: 0, max };
}

export function poolInUse(p: PoolCounter): { inUse: number; waiting: number; max: number } {
  return { inUse: Math.min(p.inFlight, p.max), waiting: Math.max(0, p.inFlight - p.max), max: p.max };
}

type Lazy = { handle: () => Promise<void>; executed: boolean };

/** postgres.js: a query runs when first awaited (`handle`); count it from then until it settles. */
export function countPostgresCalls(client: object, p: PoolCounter): void {
  const c = client as { unsafe: (...a: unknown[]) => unknown; begin?: (...a: unknown[]) => unknown };
  const unsafe = c.unsafe.bind(c);
  c.unsafe = (...args: unknown[]) => {
    const q = unsafe(...args) as Lazy & Promise<unknown>;
    const run = q.handle;
    const done = () => {
      p.inFlight--;
    };
    q.handle = function (this: Lazy & Promise<unknown>) {
      if (!this.executed) {
        p.inFlight++;
        // The builtin `then`, not the query's own (which would run it): settles with it, never rejects.
        Promise.prototype.then.call(this, done, done);
      }
      return run.call(this);
    };
    return q;
  };
  const begin = c.begin?.bind(c) as ((...a: unknown[]) => Promise<unknown>) | undefined;
  if (begin) {
    c.begin = (...args: unknown[]) => {
      p.inFlight++;
      const res = begin(...args);
      Promise.prototype.then.call(
        res,
        () => {
          p.inFlight--;
        },
        () => {
          p.inFlight--;
        },
      );
      return res;
    };
  }
}

/** PGlite: one connection; its top-level calls queue behind each other. */
export function countPGliteCalls(pg: object, p: PoolCounter): void {
  const o = pg as Record<string, unknown>;
  for (const name of ['query', 'exec', 'transaction']) {
    const fn = (o[name] as (...a: unknown[]) => Promise<unknown>).bind(pg);
    o[name] = async (...args: unknown[]) => {
      p.inFlight++;
      try {
        return await fn(...args);
      } finally {
        p.inFlight--;
      }
    };
  }
}
