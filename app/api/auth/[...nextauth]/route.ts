// GET/POST /api/auth/* — next-auth (session, CSRF, sign-out); its built-in pages redirect to ours
import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth';
import { authRedirect, noStore } from '@/lib/http/auth-route';

export async function GET(req: NextRequest) {
  return noStore(authRedirect(req) ?? (await handlers.GET(req)));
}

export async function POST(req: NextRequest) {
  return noStore(await handlers.POST(req));
}
