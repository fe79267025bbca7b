import pino from 'pino';
import { AsyncLocalStorage } from 'node:async_hooks';
import { pgErrorCode } from '../../db/tx';

// Shared through globalThis with server.mjs, which opens a context per request.
const g = globalThis as unknown as { __lhpRequestContext?: AsyncLocalStorage<{ requestId: string }> };
const requestContext = (g.__lhpRequestContext ??= new AsyncLocalStorage<{ requestId: string }>());

const base = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'login-help-portal' },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Secrets never reach a log line, even if a caller passes them by mistake.
  redact: {
    paths: ['password', '*.password', 'answer', '*.answer', 'code', 'otp', '*.otp', 'token', '*.token', 'flowToken', 'birthDate', '*.birthDate', 'accountNumber', '*.accountNumber', 'authorization', '*.authorization'],
    censor: '[redacted]',
  },
  mixin: () => {
    const ctx = requestContext.getStore();
    return ctx ? { requestId: ctx.requestId } : {};
  },
});

export const logger = base;

export function withRequestId<T>(requestId: string, fn: () => T): T {
  return requestContext.run({ requestId }, fn);
}

/** Logged user input: CR/LF and other control characters escaped so a line can't be forged. */
export function escapeForLog(input: unknown, max = 200): string {
  const s = String(input ?? '');
  return s
    .slice(0, max)
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What a log line may say about a failure: its class name and SQLSTATE — never its message, which can quote input. */
export function errorFields(err: unknown): { name: string; code?: string } {
  return { name: err instanceof Error ? err.name : 'unknown', code: pgErrorCode(err) };
}
