import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { apiError } from '@/lib/http/json';
import { logger } from '@/lib/log';
import { articlePath } from '@/lib/help/paths';
import { searchHelp } from '@/lib/help/search';
import { guardSearchRequest } from '@/lib/help/search-guard';

// Any text is a valid query (cut to 200 characters by the search); only the shape is checked.
const searchQuerySchema = z.object({
  q: z.string().catch(''),
  lang: z.enum(['ja', 'en']).catch('ja'),
  limit: z.coerce.number().int().min(1).max(50).catch(10),
  offset: z.coerce.number().int().min(0).max(1000).catch(0),
});

// GET /api/v1/help/search?q=&lang=ja — ranked help articles with highlighted snippets
export async function GET(req: NextRequest) {
  const sp = req.nextUrl.searchParams;
  const input = searchQuerySchema.parse({
    q: sp.get('q') ?? '',
    lang: sp.get('lang') ?? undefined,
    limit: sp.get('limit') ?? undefined,
    offset: sp.get('offset') ?? undefined,
  });
  const guard = guardSearchRequest(req.headers);
  if (!guard.decision.allowed) {
    return apiError(
      429,
      'rate_limited',
      'Too many searches. Please wait a moment.',
      {},
      { 'Retry-After': String(guard.decision.retryAfterSeconds) },
    );
  }
  try {
    const res = await searchHelp(await getDb(), { ...input, client: guard.client, log: guard.log });
    return NextResponse.json(
      {
        results: res.results.map((r) => ({
          slug: r.slug,
          title: r.title,
          snippet: r.snippet,
          score: r.score,
          url: articlePath(r.slug, input.lang),
        })),
        total: res.total,
        totalCapped: res.totalCapped,
        query: res.query,
        mode: res.mode,
        correctedQuery: res.correctedQuery,
        suggestions: res.suggestions,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (err) {
    logger.error({ err }, 'help search failed');
    return apiError(503, 'unavailable', 'Search is temporarily unavailable.');
  }
}
