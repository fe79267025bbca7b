import pino from 'pino';
import { AsyncLocalStorage } from 'node:async_hooks';
import { pgErrorCode } from '../../db/tx';
import { envValue } from '../config/env';

// Shared through globalThis with server.mjs, which opens a context per request.
const requestContext = (globalThis.__lhpRequestContext ??= new AsyncLocalStorage<{ requestId: string }>());

/**
 * Keys whose value never reaches a log line, at the top level and one or two levels down (pino
 * redacts by path; docs/design.md#logs). A last line of defence: callers log ids and
 * counts, not input.
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'passwordHash',
  'password_hash',
  'hash',
  'secretAnswerHash',
  'code',
  'otp',
  'otpHash',
  'answer',
  'token',
  'flowToken',
  'birthDate',
  'accountNumber',
  'tradingPin',
  'lockCode',
  'lock_code',
  'secret',
  'cookie',
  'cookies',
  'authorization',
  'parameters',
  'params',
  'query',
  'detail',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat([
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'headers["x-lhp-socket-proof"]',
]);

/** What a log line may say about an error. */
export type LoggedError = {
  name: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  cause?: LoggedError;
};

/**
 * The one error serializer: class name, SQLSTATE (as `sqlState`: `code` is a redacted key), constraint / table / column names — never the
 * message, detail, query or parameters, which quote input (a driver error carries the statement's
 * parameters, an argon2 hash among them). Causes are followed a few levels down.
 */
export function serializeError(err: unknown, depth = 0): LoggedError {
  if (!err || typeof err !== 'object') return { name: typeof err };
  const e = err as {
    name?: unknown;
    constructor?: { name?: string };
    constraint?: unknown;
    constraint_name?: unknown;
    table?: unknown;
    table_name?: unknown;
    column?: unknown;
    column_name?: unknown;
    cause?: unknown;
  };
  const name = typeof e.name === 'string' && /^[\w.$]{1,60}$/.test(e.name) ? e.name : e.constructor?.name || 'Error';
  const out: LoggedError = { name };
  const code = pgErrorCode(err);
  if (code) out.sqlState = code;
  const ident = (v: unknown) => (typeof v === 'string' && /^[\w.$-]{1,128}$/.test(v) ? v : undefined);
  const constraint = ident(e.constraint ?? e.constraint_name);
  const table = ident(e.table ?? e.table_name);
  const column = ident(e.column ?? e.column_name);
  if (constraint) out.constraint = constraint;
  if (table) out.table = table;
  if (column) out.column = column;
  if (e.cause && depth < 4) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

const base = pino({
  level: envValue('LOG_LEVEL'),
  base: { service: 'login-help-portal' },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Errors by class and SQLSTATE only, under whichever key a caller uses.
  serializers: { err: serializeError, error: serializeError, cause: serializeError },
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  mixin: () => {
    const ctx = requestContext.getStore();
    return ctx ? { requestId: ctx.requestId } : {};
  },
});

export const logger = base;

/**
 * Logged (and audited) user input: CR/LF and other control characters — NUL included — and lone
 * surrogates escaped as `\uXXXX` text, so a line can't be forged and every value can be stored in a
 * JSON column.
 */
export function escapeForLog(input: unknown, max = 200): string {
  const s = String(input ?? '');
  return s
    .slice(0, max)
    .replace(
      /[\u0000-\u001f\u007f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

/**
 * What a log line may say about a failure (see serializeError), plus its SQLSTATE as `code` for the
 * caller's own decisions (logged under `err`, it becomes `sqlState` again).
 */
export function errorFields(err: unknown): LoggedError & { code?: string } {
  return { ...serializeError(err), code: pgErrorCode(err) };
}
