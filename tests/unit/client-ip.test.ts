import { afterEach, describe, expect, it } from 'vitest';
import { clientBucket, clientIp } from '@/lib/http/client-info';
import { envSchema, resetEnvCache } from '@/lib/config/env';
import { socketHeaders } from '../support/socket';

function hops(n: number) {
  process.env.TRUST_PROXY_HOPS = String(n);
  resetEnvCache();
}
afterEach(() => {
  delete process.env.TRUST_PROXY_HOPS;
  resetEnvCache();
});

describe('client IP (RT-33, RT-37)', () => {
  it('RT-33: with TRUST_PROXY_HOPS=0 a spoofed X-Forwarded-For and X-Real-IP are ignored; the socket address counts', () => {
    const h = new Headers({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', ...socketHeaders('198.51.100.20') });
    expect(clientIp(h)).toBe('198.51.100.20');
  });

  it('RT-37: a socket header the client wrote itself is never trusted (no proof, or a guessed one)', () => {
    expect(clientIp(new Headers({ 'x-lhp-socket-ip': '203.0.113.50' }))).toBe('unknown');
    expect(clientIp(new Headers({ 'x-lhp-socket-ip': '203.0.113.50', 'x-lhp-socket-proof': 'guess' }))).toBe('unknown');
    hops(1);
    expect(clientIp(new Headers({ 'x-lhp-socket-ip': '203.0.113.50', 'x-lhp-socket-proof': 'guess' }))).toBe('unknown');
  });

  it('RT-37: behind one appending proxy the rightmost entry is the client; entries the client wrote on the left change nothing', () => {
    hops(1);
    const proxy = socketHeaders('10.0.0.1');
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7', ...proxy }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1, 203.0.113.7', ...proxy }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '9.9.9.9, 8.8.8.8, 203.0.113.7', ...proxy }))).toBe('203.0.113.7');
  });

  it('RT-37: behind two appending proxies the second entry from the right is the client', () => {
    hops(2);
    const proxy = socketHeaders('10.0.0.2');
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1', ...proxy }))).toBe('203.0.113.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7, 10.0.0.1', ...proxy }))).toBe(
      '203.0.113.7',
    );
  });

  it('RT-37: two X-Forwarded-For header lines read as one list, in order', () => {
    hops(1);
    const h = new Headers(socketHeaders('10.0.0.1'));
    h.append('x-forwarded-for', '6.6.6.6');
    h.append('x-forwarded-for', '203.0.113.7');
    expect(clientIp(h)).toBe('203.0.113.7');
  });

  it('RT-37: fewer entries than hops takes the leftmost (every entry came from our proxies); garbage falls back to the socket', () => {
    hops(2);
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7', ...socketHeaders('10.0.0.2') }))).toBe(
      '203.0.113.7',
    );
    hops(1);
    expect(clientIp(new Headers({ 'x-forwarded-for': '1.1.1.1, <script>', ...socketHeaders('10.0.0.1') }))).toBe(
      '10.0.0.1',
    );
    expect(clientIp(new Headers({ 'x-forwarded-for': ' , ', ...socketHeaders('10.0.0.1') }))).toBe('10.0.0.1');
  });

  it('RT-37: IPv6 clients are one bucket per /64; IPv4-mapped IPv6 is the IPv4 address', () => {
    expect(clientIp(new Headers(socketHeaders('2001:db8:1:2:aaaa:bbbb:cccc:dddd')))).toBe('2001:db8:1:2::/64');
    expect(clientIp(new Headers(socketHeaders('2001:0DB8:0001:0002::1')))).toBe('2001:db8:1:2::/64');
    expect(clientIp(new Headers(socketHeaders('::ffff:192.0.2.33')))).toBe('192.0.2.33');
    expect(clientIp(new Headers(socketHeaders('::ffff:c000:221')))).toBe('192.0.2.33');
    hops(1);
    expect(clientIp(new Headers({ 'x-forwarded-for': '2001:db8:1:2:1::9', ...socketHeaders('10.0.0.1') }))).toBe(
      '2001:db8:1:2::/64',
    );
  });

  it('address spellings proxies write: ports, brackets, zone ids; non-addresses are refused', () => {
    expect(clientBucket('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(clientBucket('[2001:db8::1]:443')).toBe('2001:db8:0:0::/64');
    expect(clientBucket('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientBucket('::1')).toBe('0:0:0:0::/64');
    expect(clientBucket('::')).toBe('0:0:0:0::/64');
    expect(clientBucket('1::')).toBe('1:0:0:0::/64');
    for (const bad of ['', 'unknown', '999.1.1.1', '1.2.3', '<script>', '1.2.3.4, 5.6.7.8', '2001:db8::1::2'])
      expect(clientBucket(bad)).toBeNull();
  });

  it('RT-37: the old TRUST_PROXY variable fails start-up with a message naming its replacement; 0 is accepted', () => {
    const r = envSchema.safeParse({ TRUST_PROXY: '1' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('TRUST_PROXY_HOPS');
    expect(envSchema.safeParse({ TRUST_PROXY: '0' }).success).toBe(true);
    expect(envSchema.parse({}).TRUST_PROXY_HOPS).toBe(0);
    expect(envSchema.safeParse({ TRUST_PROXY_HOPS: '-1' }).success).toBe(false);
  });
});
