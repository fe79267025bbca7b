import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { env } from '@/lib/config/env';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { payloadTooLarge, readJsonBody } from '@/lib/http/json';
import type { Locale } from '@/lib/i18n/types';
import { recoveryErrorMessage } from '@/lib/i18n/messages/recovery';
import { errorFields, logger } from '@/lib/log';
import {
  describeLoadedFlow,
  findFlowByToken,
  type RecoveryContext,
  type RecoveryError,
  type RecoveryResult,
  type RecoveryView,
} from '@/lib/recovery';
import { fieldErrorsOf } from '@/lib/recovery/schemas';

/** The JSON API's plumbing (docs/design.md#api): bearer token, context, error bodies. No business rule lives here. */

const STATUS: Record<RecoveryError['code'], number> = {
  invalid_input: 400,
  weak_password: 400,
  verification_failed: 401,
  wrong_step: 409,
  flow_expired: 410,
  locked: 423,
  rate_limited: 429,
  extend_limit: 409,
  unavailable: 503,
};

export function apiLocale(req: Request): Locale {
  return /^\s*en\b/i.test(req.headers.get('accept-language') ?? '') ? 'en' : 'ja';
}

export function apiContext(req: Request): RecoveryContext {
  return { ip: clientIp(req.headers), userAgent: userAgent(req.headers), channel: 'app', lang: apiLocale(req) };
}

/** `Authorization: Bearer <flowToken>`; anything else reads as "no flow". */
export function bearerToken(req: Request): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '');
  return m?.[1] ?? '';
}

/** `{ error: { code, message, ... } }` with the status of docs/design.md#api (429 with Retry-After, 423 with the phone). */
export function errorResponse(e: RecoveryError, locale: Locale): NextResponse {
  const { code, ...extra } = e;
  const body: Record<string, unknown> = { code, message: recoveryErrorMessage(e, locale), ...extra };
  if (code === 'locked') body.supportPhone = env().SUPPORT_PHONE;
  const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
  if (e.code === 'rate_limited') headers['Retry-After'] = String(e.retryAfter);
  return NextResponse.json({ error: body }, { status: STATUS[code], headers });
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** The flow as the app sees it: GET /flow, and the answer to every successful step. */
export function flowJson(view: RecoveryView): Record<string, unknown> {
  switch (view.step) {
    case 'done':
      return { step: 'done', result: view.result };
    case 'locked':
      return { step: 'locked', supportPhone: view.supportPhone };
    default:
      return { ...view };
  }
}

export async function currentFlowJson(db: Db, token: string, locale: Locale): Promise<NextResponse> {
  const flow = await findFlowByToken(db, token);
  if (!flow) return errorResponse({ code: 'flow_expired' }, locale);
  const view = await describeLoadedFlow(db, flow, { locale });
  if (view.step === 'expired') return errorResponse({ code: 'flow_expired' }, locale);
  return json(flowJson(view));
}

/**
 * Parses a JSON body with the shared schema: a body over 16 KiB is a 413 (read no further), a bad
 * body a 400 with field codes (`format` for text that is not valid Unicode), never a 500.
 */
export async function parseBody<S extends z.ZodType>(
  req: Request,
  schema: S,
  locale: Locale,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; res: NextResponse }> {
  const body = await readJsonBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') return { ok: false, res: payloadTooLarge() };
    const fields = body.reason === 'invalid_text' ? { [body.field?.split('.')[0] ?? '_']: 'format' } : { _: 'json' };
    return { ok: false, res: errorResponse({ code: 'invalid_input', fields }, locale) };
  }
  const parsed = schema.safeParse(body.value);
  if (!parsed.success)
    return { ok: false, res: errorResponse({ code: 'invalid_input', fields: fieldErrorsOf(parsed.error) }, locale) };
  return { ok: true, data: parsed.data };
}

/** Unexpected failures become a generic 503 and a log line; never a stack trace. */
export async function guarded(
  req: Request,
  fn: (db: Db, locale: Locale) => Promise<NextResponse>,
): Promise<NextResponse> {
  const locale = apiLocale(req);
  try {
    return await fn(await getDb(), locale);
  } catch (err) {
    logger.error({ err: errorFields(err) }, 'recovery api failed');
    return errorResponse({ code: 'unavailable' }, locale);
  }
}

/** A step's outcome: the flow as it now stands, or the error of docs/design.md#api. */
export async function stepResponse(
  db: Db,
  token: string,
  locale: Locale,
  result: RecoveryResult<unknown>,
): Promise<NextResponse> {
  if (!result.ok) return errorResponse(result.error, locale);
  return currentFlowJson(db, token, locale);
}
