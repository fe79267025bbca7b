// GET /api/health — liveness plus a round trip to the database
import { NextResponse } from 'next/server';
import { pingDatabase } from '@/db/client';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const db = await pingDatabase();
    return NextResponse.json(
      { status: 'ok', database: { status: 'ok', ...db } },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch {
    return NextResponse.json(
      { status: 'degraded', database: { status: 'unavailable' } },
      { status: 503, headers: { 'Cache-Control': 'no-store' } },
    );
  }
}
