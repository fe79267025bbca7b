import { NextResponse } from 'next/server';
import type { z } from 'zod';

/** Every JSON error has one shape: `{ error: { code, message, ...extra } }`. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return NextResponse.json({ error: { code, message, ...extra } }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

const MAX_BODY = 16 * 1024;

/**
 * The raw JSON of a request body, bounded: an empty body reads as `{}`; a body over `maxChars`, one
 * that can't be read, or malformed JSON is reported, never thrown. Every JSON endpoint reads with it.
 */
export async function readJsonBody(req: Request, maxChars = MAX_BODY): Promise<{ ok: true; value: unknown } | { ok: false; reason: 'too_large' | 'malformed_json' }> {
  let text: string;
  try {
    text = await req.text();
  } catch {
    return { ok: false, reason: 'malformed_json' };
  }
  if (text.length > maxChars) return { ok: false, reason: 'too_large' };
  try {
    return { ok: true, value: text.trim() === '' ? {} : JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'malformed_json' };
  }
}

/**
 * Reads and validates a JSON body. Malformed JSON, a body over 16 kB or a schema failure all become
 * a 400 `invalid_input` with the failing fields — never a 500.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: NextResponse }> {
  const invalid = (fields: Record<string, string[]> = {}) =>
    ({ ok: false as const, response: apiError(400, 'invalid_input', 'The request body is not valid.', { fields }) });
  const body = await readJsonBody(req);
  if (!body.ok) return invalid({ body: [body.reason] });
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
