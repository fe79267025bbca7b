import type { IncomingMessage } from 'node:http';
import { stampSocketAddress } from '../../lib/http/socket-stamp.mjs';

/**
 * The two headers the HTTP server stamps on a request from `ip` (lib/http/socket-stamp.mjs), made by
 * the same function, so a route handler called directly sees that client address.
 */
export function socketHeaders(ip: string): Record<string, string> {
  const req = { headers: {} as Record<string, string>, socket: { remoteAddress: ip } };
  stampSocketAddress(req as unknown as IncomingMessage);
  return req.headers;
}
