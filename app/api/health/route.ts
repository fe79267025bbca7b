// GET /api/health — liveness plus a round trip to the database
import { NextResponse } from 'next/server';
import { sql } from 'drizzle-orm';
import { getDb, getDbHandle } from '@/db/client';

export const dynamic = 'force-dynamic';

export async function GET() {
  const started = Date.now();
  try {
    const db = await getDb();
    await db.execute(sql`select 1`);
    const { driver } = await getDbHandle();
    return NextResponse.json({ status: 'ok', database: { status: 'ok', driver, latencyMs: Date.now() - started } }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return NextResponse.json({ status: 'degraded', database: { status: 'unavailable' } }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
