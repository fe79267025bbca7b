import { isIPv4, isIPv6 } from 'node:net';
import { env } from '../config/env';
import { SOCKET_IP_HEADER, SOCKET_PROOF_HEADER, socketStampProof } from './socket-stamp.mjs';

/**
 * The client address every per-IP limit and audit row uses (docs/design.md#client-ip).
 *
 * - TRUST_PROXY_HOPS=0 (default): the TCP peer, stamped by this process (server.mjs, or
 *   instrumentation.ts under `next start` / `next dev`) with a per-process proof; X-Forwarded-For is
 *   ignored and so is a socket header the client wrote itself.
 * - TRUST_PROXY_HOPS=N: the N-th X-Forwarded-For entry from the right — the address the first of our
 *   N proxies appended. Everything left of it was written by the client. With fewer than N entries
 *   the leftmost (all of them appended by our proxies); an entry that is not an address falls back
 *   to the socket.
 *
 * IPv6 addresses are reduced to their /64 (one subscriber's LAN: rotating the interface bits evades
 * nothing) and IPv4-mapped IPv6 to IPv4. No address: 'unknown' (one shared bucket, never a bypass).
 */
export function clientIp(h: Headers): string {
  const hops = env().TRUST_PROXY_HOPS;
  if (hops > 0) {
    const entries = (h.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (entries.length > 0) {
      const forwarded = clientBucket(entries[Math.max(0, entries.length - hops)]);
      if (forwarded) return forwarded;
    }
  }
  return socketAddress(h) ?? 'unknown';
}

/** The stamped socket address, or null when the stamp is missing or was not made by this process. */
function socketAddress(h: Headers): string | null {
  const proof = socketStampProof();
  if (!proof || h.get(SOCKET_PROOF_HEADER) !== proof) return null;
  return clientBucket(h.get(SOCKET_IP_HEADER) ?? '');
}

/**
 * An address as the limits see it: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 as its /64
 * (`2001:db8:1:2::/64`). Accepts the spellings proxies write (`1.2.3.4:5678`, `[2001:db8::1]:443`,
 * a zone id); anything else is null.
 */
export function clientBucket(raw: string): string | null {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%[\w.-]+$/, '');
  if (isIPv4(s)) return s;
  if (!isIPv6(s)) return null;
  const groups = ipv6Groups(s);
  if (!groups) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) return `${groups[6] >> 8}.${groups[6] & 255}.${groups[7] >> 8}.${groups[7] & 255}`;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function ipv6Groups(addr: string): number[] | null {
  let s = addr.toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = s.includes('::') ? 8 - left.length - right.length : 0;
  const all = [...left, ...Array<string>(fill).fill('0'), ...right];
  if (all.length !== 8) return null;
  return all.map((g) => parseInt(g, 16));
}

export function userAgent(h: Headers): string {
  return (h.get('user-agent') ?? '').slice(0, 300);
}
