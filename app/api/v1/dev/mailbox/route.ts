import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { env } from '@/lib/config/env';
import { listMailbox, mailboxQuerySchema } from '@/lib/notify';

// GET /api/v1/dev/mailbox?to=<address> — demo mode only (docs/design.md#demo-mode): the outbox, newest first; 404 otherwise
export async function GET(req: Request) {
  if (!env().DEMO_MODE) {
    return NextResponse.json({ error: { code: 'not_found', message: 'Not found.' } }, { status: 404 });
  }
  const parsed = mailboxQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) {
    return NextResponse.json(
      { error: { code: 'invalid_input', message: 'Invalid query.', fields: { to: 'format' } } },
      { status: 400 },
    );
  }
  const rows = await listMailbox(await getDb(), parsed.data.to || undefined);
  return NextResponse.json(
    { messages: rows.map(({ to, subject, body, createdAt }) => ({ to, subject, body, createdAt })) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
