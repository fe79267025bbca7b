import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { LOCALE_COOKIE } from '@/lib/i18n';
import { safeBackPath } from '@/lib/http/safe-path';

const prefsSchema = z.object({
  lang: z.enum(['ja', 'en']).optional(),
  textSize: z.enum(['normal', 'large']).optional(),
  // Only a local path: never an open redirect.
  back: z
    .string()
    .regex(/^\/(?![/\\])[^\s]*$/)
    .max(500)
    .catch('/'),
});

// POST /api/prefs — language and text size, kept in cookies for a year
export async function POST(req: NextRequest) {
  const form = await req.formData().catch(() => new FormData());
  const parsed = prefsSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return NextResponse.json(
      { error: { code: 'invalid_input', message: 'Invalid preference.' } },
      { status: 400, headers: { 'Cache-Control': 'no-store' } },
    );
  const res = new NextResponse(null, {
    status: 303,
    headers: { Location: safeBackPath(parsed.data.back), 'Cache-Control': 'no-store' },
  });
  const opts = { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax' as const, httpOnly: true };
  if (parsed.data.lang) res.cookies.set(LOCALE_COOKIE, parsed.data.lang, opts);
  if (parsed.data.textSize) res.cookies.set('textSize', parsed.data.textSize, opts);
  return res;
}
