// GET/POST /api/auth/* — next-auth (session, CSRF, sign-out)
import { handlers } from '@/lib/auth';

export const { GET, POST } = handlers;
