import { describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { notificationOutbox } from '../../db/schema';
import type { Db } from '../../db/client';
import { withTestDatabase } from '../support/db';
import { createCustomer, ctxFor, flowAt } from '../support/recovery-helpers';
import { completeFlow, submitSecretAnswer } from '../../lib/recovery';

/*
 * Issue #15: a customer who uses the portal in English gets the flow's mail in English (the code, the
 * completion, the 24-hour stop); Japanese stays the default. The 「心当たりがない場合」 block comes in both.
 */
let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

async function mail(to: string, template: string) {
  const [row] = await db
    .select({ subject: notificationOutbox.subject, body: notificationOutbox.bodyText })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.toAddress, to), eq(notificationOutbox.template, template)))
    .orderBy(desc(notificationOutbox.createdAt))
    .limit(1);
  return row;
}

describe('mail in the language of the flow', () => {
  it('an English flow sends the code and the completion notice in English, with the Japanese lock-code block after', async () => {
    const c = await createCustomer(db);
    const ctx = ctxFor(undefined, { lang: 'en' });
    const at = await flowAt(db, c, 'review', ctx);
    const otp = await mail(c.email, 'recovery_otp');
    expect(otp.subject).toBe('[デモ証券] Your confirmation code');
    expect(otp.body).toMatch(/^Dear .+,\n\nHere is the confirmation code for your passkey removal\./);
    expect(otp.body.indexOf('■ If you did not ask for this')).toBeLessThan(otp.body.indexOf('■ 心当たりがない場合'));

    const done = await completeFlow(db, at.token, ctx);
    expect(done.ok).toBe(true);
    const completed = await mail(c.email, 'recovery_completed');
    expect(completed.subject).toBe('[デモ証券] Your passkeys were removed');
    expect(completed.body).toContain('If you did this yourself, you need not do anything.');
  });

  it('a Japanese flow, and a flow with no language, send Japanese mail', async () => {
    for (const lang of ['ja', undefined] as const) {
      const c = await createCustomer(db);
      const ctx = ctxFor(undefined, lang ? { lang } : {});
      const at = await flowAt(db, c, 'review', ctx);
      expect((await mail(c.email, 'recovery_otp')).subject).toBe('【デモ証券】確認コードのお知らせ');
      await completeFlow(db, at.token, ctx);
      const completed = await mail(c.email, 'recovery_completed');
      expect(completed.subject).toBe('【デモ証券】パスキーを解除しました');
      expect(completed.body).toContain('ご自身で行った手続きであれば、このメールへの対応は不要です。');
    }
  });

  it('the 24-hour stop is announced in the language of the flow that caused it', async () => {
    const c = await createCustomer(db);
    const ctx = ctxFor(undefined, { lang: 'en' });
    for (let i = 0; i < 10; i++) {
      const at = await flowAt(db, c, 'secret_question', ctxFor(undefined, { lang: 'en' }));
      const r = await submitSecretAnswer(db, at.token, { answer: `wrong-${i}` }, ctx);
      if (!r.ok && r.error.code === 'locked') break;
    }
    const locked = await mail(c.email, 'recovery_locked');
    expect(locked?.subject).toBe('[デモ証券] Passkey removal stopped');
  });
});
