import { describe, expect, it } from 'vitest';
import * as templates from '../../lib/notify/templates';

/*
 * RT-18: every notification a customer receives carries the account's lock code and the
 * 「心当たりがない場合」 instructions for /recovery/not-me, in Japanese and English, and no link.
 * Every exported template is called with a sample of every parameter a template may ask for, so a
 * template added later is checked without being listed here.
 */

const LOCK_CODE = 'K7M2Q9XH';
const sample = new Proxy(
  {
    name: '山田 太郎',
    at: new Date('2026-11-25T01:02:03Z'),
    lockCode: LOCK_CODE,
    code: '123456',
    minutes: 10,
    hours: 24,
    referenceNumber: 'R-20261125-7KQ4M2',
    revokedPasskeys: 2,
    viaStaff: false,
    passwordChanged: false,
    passwordReset: false,
    resumeAt: new Date('2026-11-26T01:02:03Z'),
  } as Record<string | symbol, unknown>,
  {
    // Anything else a future template asks for: a harmless sample string.
    get: (target, key) => (key in target ? target[key] : typeof key === 'string' ? `sample-${key}` : undefined),
  },
);

const customerTemplates = Object.entries(templates)
  .filter((entry): entry is [string, (p: unknown) => templates.Email] => typeof entry[1] === 'function')
  .map(([name, make]) => ({ name, email: make(sample) }))
  .filter(({ email }) => email && typeof email.body === 'string' && !email.template.startsWith('staff'));

describe('RT-18 every customer notification', () => {
  it('RT-18 there are customer templates to check (the code email among them)', () => {
    expect(customerTemplates.map((t) => t.email.template)).toEqual(
      expect.arrayContaining(['recovery_otp', 'recovery_locked', 'recovery_completed', 'account_locked_by_customer']),
    );
  });

  for (const { name, email } of customerTemplates) {
    it(`RT-18 ${name}: the lock code with the 「心当たりがない場合」 instructions in Japanese and English, and no link`, () => {
      const text = `${email.subject}\n${email.body}`;
      expect(text).toContain(`ロックコード：${LOCK_CODE}`);
      expect(text).toContain(`Lock code: ${LOCK_CODE}`);
      expect(text).toContain('■ 心当たりがない場合');
      expect(text).toContain('■ If you did not ask for this');
      expect(text).toContain('心当たりのない通知を受け取った方');
      expect(text).not.toMatch(/https?:\/\/|www\.|<a\s|\b[a-z0-9-]+\.(?:jp|com|net)\/|\/recovery\//i);
    });
  }
});
