import 'server-only';
import { cookies } from 'next/headers';
import { envValue } from '@/lib/config/env';
import { RECOVERY_COOKIE } from '../_components/types';

/**
 * Puts a flow token in the recovery cookie — the same httpOnly, SameSite=Strict cookie /recovery uses,
 * path /recovery, so /recovery/password and /recovery/resume share it. Only the token's hash is stored.
 */
export async function setRecoveryCookie(token: string, maxAgeSeconds: number) {
  (await cookies()).set(RECOVERY_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: envValue('NODE_ENV') === 'production',
    path: '/recovery',
    maxAge: maxAgeSeconds,
  });
}
