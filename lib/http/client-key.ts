import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import { env } from '../config/env';

/**
 * The network a client's address stands for: the whole IPv4 address, or the /64 of an IPv6 address
 * (one subscriber usually holds a whole /64, so per-address limits would be no limit at all).
 */
export function clientNetwork(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  // Expand `::` and keep the first four groups.
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => (parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

/**
 * A keyed hash of the client's network (see clientNetwork), 16 hex characters: what logs and
 * statistics store instead of the address — dashboards count distinct clients without holding IPs
 * (docs/design.md#bounded-growth). Keyed with the app secret, so it cannot be reversed by hashing every IPv4.
 */
export function clientKey(ip: string): string {
  const secret = env().AUTH_SECRET ?? 'login-help-portal/client-key';
  return createHmac('sha256', secret)
    .update(`client:${clientNetwork(ip)}`)
    .digest('hex')
    .slice(0, 16);
}
