import type { Db } from './client';

const RETRYABLE = new Set(['40001', '40P01']);

/** The SQLSTATE of a driver error, wherever drizzle or the driver put it (the error or its causes). */
export function pgErrorCode(err: unknown): string | undefined {
  for (
    let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 5;
    e = e.cause as typeof e, i++
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

export function isRetryableTxError(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code !== undefined && RETRYABLE.has(code);
}

/**
 * Runs `fn` in one transaction; a serialization failure or deadlock (40001, 40P01) retries the whole
 * transaction, up to 3 attempts in all, with jitter. Every other error is thrown at once. Every
 * transaction of the app goes through here (tests/unit/db-retry.test.ts checks), so `fn` must be
 * safe to run again: compute from what it reads inside, and keep side effects (email, logs) in
 * the outbox or after it returns. `tx` is a Db as it is (db/client.ts): no cast.
 */
export async function transactionWithRetry<T>(
  db: Db,
  fn: (tx: Db) => Promise<T>,
  opts: { attempts?: number; onRetry?: (n: number, err: unknown) => void } = {},
): Promise<T> {
  return statementWithRetry(() => db.transaction(async (tx) => fn(tx)), opts);
}

/** One statement run on its own (its own transaction): retried like transactionWithRetry on 40001/40P01. */
export async function statementWithRetry<T>(
  fn: () => Promise<T>,
  opts: { attempts?: number; onRetry?: (n: number, err: unknown) => void } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 3;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isRetryableTxError(err)) throw err;
      opts.onRetry?.(i, err);
      await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * i));
    }
  }
}
