import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { customers, notificationOutbox } from '../../db/schema';
import type { Db } from '../../db/client';
import { withTestDatabase } from '../support/db';
import { createCustomer, ctxFor, flowAt, flowRow } from '../support/recovery-helpers';
import { createPinCustomer, passwordFlowAt } from '../support/password-flow';

/*
 * Issue #15: every code email shows the clock time the code stops working, in Japan time as the screen
 * shows it — the passkey flow's code, the password flow's first code, the code sent on resuming after the
 * wait, and a code held after a recent lock (RT-30), whose validity starts when the hold ends.
 */
let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

/** 2026年11月25日 10:12（日本時間） / 25 Nov 2026, 10:12 JST */
function jst(at: Date, lang: 'ja' | 'en'): string {
  const d = new Date(at.getTime() + 9 * 3600_000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  if (lang === 'ja') return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${hm}（日本時間）`;
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${hm} JST`;
}

async function codeMails(to: string): Promise<string[]> {
  const rows = await db
    .select({ body: notificationOutbox.bodyText })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, to), eq(notificationOutbox.template, 'recovery_otp')))
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id));
  return rows.map((r) => r.body);
}

describe('code emails show when the code expires (Japan time, like the screen)', () => {
  it('the passkey flow’s code, in Japanese and in English', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const c = await createCustomer(db);
      const at = await flowAt(db, c, 'otp', ctxFor(undefined, { lang }));
      const expires = (await flowRow(db, at.token)).otpExpiresAt!;
      const [body] = await codeMails(c.email);
      expect(body).toContain(
        lang === 'ja'
          ? `有効期限：${jst(expires, 'ja')}まで（10分間）`
          : `Valid until: ${jst(expires, 'en')} (10 minutes)`,
      );
    }
  });

  it('a code held after a recent lock (RT-30) shows its real expiry: the hold plus 10 minutes', async () => {
    const c = await createCustomer(db);
    // The account's 24-hour recovery lock ended a minute ago.
    await db
      .update(customers)
      .set({ recoveryLockedUntil: new Date(Date.now() - 60_000) })
      .where(eq(customers.id, c.id));
    const at = await flowAt(db, c, 'otp');
    const row = await flowRow(db, at.token);
    expect(row.otpExpiresAt!.getTime() - row.otpLastSentAt!.getTime()).toBe(10 * 60_000);
    expect(row.otpLastSentAt!.getTime()).toBeGreaterThan(Date.now() + 60_000); // held
    const [body] = await codeMails(c.email);
    expect(body).toContain(`有効期限：${jst(row.otpExpiresAt!, 'ja')}まで`);
  });

  it('the password flow’s first code and the code sent on resuming after the wait', async () => {
    const c = await createPinCustomer(db);
    const f = await passwordFlowAt(db, c, 'resumed_otp');
    const [resumed, first] = await codeMails(c.email);
    expect(first).toContain('パスワードの再設定の手続きで使う、確認コードをお送りします。');
    expect(first).toMatch(/有効期限：\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}（日本時間）まで（10分間）/);
    const row = await flowRow(db, f.token);
    expect(resumed).toContain(`有効期限：${jst(row.otpExpiresAt!, 'ja')}まで（10分間）`);
    expect(row.otpExpiresAt!.getTime()).toBe(f.later!.now!.getTime() + 10 * 60_000);
  });
});
