import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { BODY_LIMITS } from './body-limits.mjs';
import { isWellFormedText } from './text';

/** Every JSON error has one shape: `{ error: { code, message, ...extra } }`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers?: HeadersInit,
) {
  return NextResponse.json(
    { error: { code, message, ...extra } },
    { status, headers: { 'Cache-Control': 'no-store', ...headers } },
  );
}

/** 413 for a body over its limit (the same answer server.mjs gives before Next sees the request). */
export function payloadTooLarge(limit: number = BODY_LIMITS.jsonApi): NextResponse {
  return apiError(413, 'payload_too_large', 'The request body is too large.', { limit });
}

export type BodyReadFailure = 'too_large' | 'malformed_json' | 'invalid_text';

/**
 * A request body's bytes, counted as they arrive: a declared Content-Length over `limit` is refused
 * before a byte is read, and a streamed body is abandoned (the stream cancelled) as soon as it passes
 * the limit, so nothing over it is ever held in memory (docs/design.md#request-bodies).
 */
export async function readBodyBytes(
  req: Request,
  limit: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: 'too_large' | 'unreadable' }> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await req.body?.cancel().catch(() => {});
    return { ok: false, reason: 'too_large' };
  }
  if (!req.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}

/** Where in a JSON value the first string (or key) that is not well-formed text sits, or null. */
function illFormedPath(v: unknown, path: string[] = []): string[] | null {
  if (typeof v === 'string') return isWellFormedText(v) ? null : path;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const p = illFormedPath(x, [...path, String(i)]);
      if (p) return p;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (!isWellFormedText(k)) return [...path, '_'];
      const p = illFormedPath(x, [...path, k]);
      if (p) return p;
    }
  }
  return null;
}

/**
 * The JSON of a request body, bounded (16 KiB unless told): an empty body reads as `{}`. A body over
 * the limit, one that can't be read or is not UTF-8, malformed JSON, and text with a lone surrogate or
 * a NUL anywhere (`field` names where) are reported, never thrown. Every JSON endpoint reads with it.
 */
export async function readJsonBody(
  req: Request,
  limit: number = BODY_LIMITS.jsonApi,
): Promise<{ ok: true; value: unknown } | { ok: false; reason: BodyReadFailure; field?: string }> {
  const raw = await readBodyBytes(req, limit);
  if (!raw.ok) return { ok: false, reason: raw.reason === 'too_large' ? 'too_large' : 'malformed_json' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw.bytes);
  } catch {
    return { ok: false, reason: 'invalid_text' };
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, reason: 'malformed_json' };
  }
  const bad = illFormedPath(value);
  if (bad) return { ok: false, reason: 'invalid_text', field: bad.length ? bad.join('.') : 'body' };
  return { ok: true, value };
}

/**
 * Reads and validates a JSON body. A body over 16 KiB is a 413 `payload_too_large`; malformed JSON,
 * text that is not valid Unicode or a schema failure a 400 `invalid_input` with the failing fields —
 * never a 500.
 */
export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: NextResponse }> {
  const invalid = (fields: Record<string, string[]> = {}) => ({
    ok: false as const,
    response: apiError(400, 'invalid_input', 'The request body is not valid.', { fields }),
  });
  const body = await readJsonBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') return { ok: false, response: payloadTooLarge() };
    return invalid({ [body.field ?? 'body']: [body.reason === 'invalid_text' ? 'format' : body.reason] });
  }
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.length ? issue.path.map(String).join('.') : 'body';
      (fields[key] ??= []).push(issue.message);
    }
    return invalid(fields);
  }
  return { ok: true, data: parsed.data };
}
