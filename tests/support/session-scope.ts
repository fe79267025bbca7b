/**
 * A browser for server actions under test: `vi.mock('next/headers', () => import('../support/session-scope'))`
 * sends this cookie jar as the request's Cookie header and keeps what the actions set (next-auth's
 * signIn and signOut included), so a sign-in, a copied cookie and a sign-out behave as in a browser.
 */
import { socketHeaders } from './socket';

export const jar = new Map<string, string>();
export const client = { ip: '192.0.2.10', userAgent: 'vitest-browser' };

export function cookieHeader(from: Map<string, string> = jar): string {
  return [...from].map(([k, v]) => `${k}=${v}`).join('; ');
}

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string, opts: { maxAge?: number; expires?: Date } = {}) => {
      // A clearing cookie (empty value, or expired) removes it, as a browser would.
      const expired = opts.maxAge === 0 || (opts.expires && opts.expires.getTime() <= Date.now());
      if (!value || expired) jar.delete(name);
      else jar.set(name, value);
    },
    delete: (o: string | { name: string }) => void jar.delete(typeof o === 'string' ? o : o.name),
  };
}

export async function headers() {
  return new Headers({
    host: 'localhost:3000',
    'x-forwarded-proto': 'http',
    origin: 'http://localhost:3000',
    cookie: cookieHeader(),
    ...socketHeaders(client.ip),
    'user-agent': client.userAgent,
  });
}

/** A new browser: no cookies, its own address. */
export function newBrowser(ip: string): void {
  jar.clear();
  client.ip = ip;
}

/** Replaces the jar with a copy taken earlier (an attacker replaying a stolen cookie). */
export function replayCookies(copy: Map<string, string>): void {
  jar.clear();
  for (const [k, v] of copy) jar.set(k, v);
}
