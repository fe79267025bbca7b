/**
 * A request scope for server actions under test: `vi.mock('next/headers', () => import('../support/request-scope'))`
 * gives the actions this cookie jar and these headers; the actions, lib/ and the database stay real.
 */
import { socketHeaders } from './socket';

export type Cookie = { value: string; opts: Record<string, unknown> };

export const jar = new Map<string, Cookie>();
export const scope = { headers: new Headers() };

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)!.value } : undefined),
    set: (name: string, value: string, opts: Record<string, unknown> = {}) => void jar.set(name, { value, opts }),
    delete: (o: string | { name: string }) => void jar.delete(typeof o === 'string' ? o : o.name),
  };
}

export async function headers() {
  return scope.headers;
}

/** A fresh visitor: no cookies, the given client IP. */
export function newVisitor(ip: string, userAgent = 'vitest-browser') {
  jar.clear();
  scope.headers = new Headers({ ...socketHeaders(ip), 'user-agent': userAgent });
}
