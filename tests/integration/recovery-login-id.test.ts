import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { requestLoginIdReminder } from '../../lib/recovery';
import { withTestDatabase } from '../support/db';
import { callRoute, createCustomer, ctxFor, outboxCount } from '../support/recovery-helpers';
import * as loginIdRoute from '../../app/api/v1/recovery/login-id/route';

/*
 * RT-47: 「ログインIDをお忘れの方」 (docs/design.md#forgotten-login-id) answers the same for every input;
 * only a match sends the login ID (no link, the lock code); limits per IP (429) and per account (silent).
 * The timing (median gap ≤ 5 ms) is measured by `npm run bench`, not asserted here.
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

describe('RT-47 the login-ID reminder', () => {
  it('RT-47 matching and non-matching requests, interleaved: same status and body; one email only on the match', async () => {
    const c = await createCustomer(db);
    const match = {
      birthDate: c.birthDate,
      branchCode: c.branchCode,
      accountNumber: c.accountNumber,
      email: c.email.toUpperCase(),
    };
    const wrongEmail = { ...match, email: `other-${c.email}` };
    const wrongBirth = { ...match, birthDate: '1990-01-01' };
    const unknown = { ...match, accountNumber: '9999999', branchCode: '999' };
    const answers = [];
    for (const body of [match, wrongEmail, wrongBirth, unknown]) {
      answers.push(await callRoute(loginIdRoute.POST, { path: '/api/v1/recovery/login-id', ip: ctxFor().ip, body }));
    }
    for (const a of answers) {
      expect(a.status).toBe(202);
      expect(a.body).toEqual({ accepted: true });
    }
    expect(await outboxCount(db, c.email, 'login_id_reminder')).toBe(1);
    const [mail] = await queryRows<{ body_text: string }>(
      db,
      sql`select body_text from notification_outbox where to_address = ${c.email} and template = 'login_id_reminder'`,
    );
    expect(mail.body_text).toContain(c.loginId);
    expect(mail.body_text).toMatch(/ロックコード：[A-Z0-9]{8}/);
    expect(mail.body_text).not.toMatch(/https?:|www\./);
  });

  it('RT-47 per IP: 429 after 10 an hour; per account: at most 3 emails a day, the answer unchanged', async () => {
    const c = await createCustomer(db);
    const body = { birthDate: c.birthDate, branchCode: c.branchCode, accountNumber: c.accountNumber, email: c.email };
    for (let i = 0; i < 5; i++)
      expect(await requestLoginIdReminder(db, body, ctxFor())).toEqual({ ok: true, value: { accepted: true } });
    expect(await outboxCount(db, c.email, 'login_id_reminder')).toBe(3);
    const ip = ctxFor().ip;
    const other = { ...body, accountNumber: '8888888' };
    for (let i = 0; i < 10; i++) await requestLoginIdReminder(db, other, ctxFor(ip));
    expect(await requestLoginIdReminder(db, other, ctxFor(ip))).toMatchObject({
      ok: false,
      error: { code: 'rate_limited', reason: 'ip' },
    });
  });

  it('a malformed request is a 400 with field codes, never a 500', async () => {
    const r = await callRoute(loginIdRoute.POST, {
      path: '/api/v1/recovery/login-id',
      ip: ctxFor().ip,
      body: { birthDate: 'x', branchCode: '1', accountNumber: '', email: 'no' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_input' });
  });
});
