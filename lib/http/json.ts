import { NextResponse } from 'next/server';
import type { z } from 'zod';

/** Every JSON error has one shape: `{ error: { code, message, ...extra } }`. */
export function apiError(status: number, code: string, message: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return NextResponse.json({ error: { code, message, ...extra } }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

const MAX_BODY = 16 * 1024;

/**
 * Reads and validates a JSON body. Malformed JSON, a wrong content type, a body over 16 kB or a
 * schema failure all become a 400 `invalid_input` with the failing fields — never a 500.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: NextResponse }> {
  const invalid = (fields: Record<string, string[]> = {}) =>
    ({ ok: false as const, response: apiError(400, 'invalid_input', 'The request body is not valid.', { fields }) });
  let text: string;
  try {
    text = await req.text();
  } catch {
    return invalid();
  }
  if (text.length > MAX_BODY) return invalid({ body: ['too_large'] });
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return invalid({ body: ['malformed_json'] });
  }
  const parsed = schema.safeParse(body);
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
