import { afterEach, describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/http/client-info';
import { resetEnvCache } from '@/lib/config/env';

afterEach(() => { delete process.env.TRUST_PROXY; resetEnvCache(); });

describe('client IP (RT-33)', () => {
  it('ignores a spoofed X-Forwarded-For without TRUST_PROXY and uses the socket address', () => {
    const h = new Headers({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', 'x-lhp-socket-ip': '198.51.100.20' });
    expect(clientIp(h)).toBe('198.51.100.20');
  });

  it('takes the first X-Forwarded-For hop behind a trusted proxy', () => {
    process.env.TRUST_PROXY = '1';
    resetEnvCache();
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-lhp-socket-ip': '10.0.0.1' }))).toBe('203.0.113.7');
  });

  it('falls back to the socket address when a trusted header is garbage', () => {
    process.env.TRUST_PROXY = '1';
    resetEnvCache();
    expect(clientIp(new Headers({ 'x-forwarded-for': '<script>, 1.1.1.1', 'x-lhp-socket-ip': '10.0.0.1' }))).toBe('10.0.0.1');
  });

  it('never trusts a socket header that is not an IP address', () => {
    expect(clientIp(new Headers({ 'x-lhp-socket-ip': 'not-an-ip<script>' }))).toBe('unknown');
  });
});
