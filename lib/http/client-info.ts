import { isIP } from 'node:net';
import { env } from '../config/env';

/**
 * The client's IP. Behind a proxy (TRUST_PROXY=1) the first X-Forwarded-For hop; otherwise the
 * socket address, which Next passes on as x-real-ip / the platform header — never a client-set one.
 */
export function clientIp(h: Headers): string {
  if (env().TRUST_PROXY) {
    const first = h.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (first && isIP(first)) return first;
  }
  const socket = h.get('x-lhp-socket-ip');
  if (socket && isIP(socket)) return socket;
  return 'unknown';
}

export function userAgent(h: Headers): string {
  return (h.get('user-agent') ?? '').slice(0, 300);
}
