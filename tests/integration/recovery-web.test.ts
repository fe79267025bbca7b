import { beforeEach, describe, expect, it, vi } from 'vitest';
import { posted } from '../support/form-data';
import { eq } from 'drizzle-orm';
import { passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { changedTables, snapshot, withTestDatabase } from '../support/db';
import { createCustomer, flowRow, freshIp, latestOtp } from '../support/recovery-helpers';

/*
 * The web steps of /recovery through their server actions. next/headers is replaced by a request
 * scope of our own (cookie jar + headers) — the actions, lib/recovery and the database are real.
 */
import { jar, newVisitor } from '../support/request-scope';
vi.mock('next/headers', () => import('../support/request-scope'));

const actions = await import('../../app/recovery/actions');

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});
beforeEach(() => {
  newVisitor(freshIp());
});

describe('/recovery server actions', () => {
  it('「本人確認をはじめる」 puts the flow token in an httpOnly, SameSite=Strict cookie scoped to /recovery — never in the page', async () => {
    const res = await actions.startRecoveryAction();
    expect(res).toMatchObject({ ok: true, data: { view: { step: 'credentials', attemptsLeft: 5 } } });
    const cookie = jar.get('lhp_recovery')!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.opts).toEqual({ httpOnly: true, sameSite: 'strict', secure: false, path: '/recovery', maxAge: 2700 });
    expect(JSON.stringify(res)).not.toContain(cookie.value);
    expect((await flowRow(db, cookie.value)).channel).toBe('web');
  });

  it('a step without the cookie is refused as "no flow" and writes nothing', async () => {
    const before = await snapshot(db, ['recovery_flows', 'customers', 'passkeys']);
    const res = await actions.credentialsAction(...posted({ loginId: 'demo-locked', password: 'x' }));
    expect(res).toEqual({
      ok: false,
      fieldErrors: {},
      formError: { code: 'flow_expired' },
      view: { step: 'intro', kind: 'passkey' },
    });
    expect(changedTables(before, await snapshot(db, ['recovery_flows', 'customers', 'passkeys']))).toEqual([]);
  });

  it('bad input comes back as field codes from the shared schema, and costs no attempt', async () => {
    await actions.startRecoveryAction();
    const res = await actions.accountDataAction(
      ...posted({ birthDate: '1985-13-01', branchCode: '1', accountNumber: '' }),
    );
    expect(res).toEqual({
      ok: false,
      fieldErrors: { birthDate: 'format', branchCode: 'format', accountNumber: 'required' },
      formError: null,
    });
    expect((await flowRow(db, jar.get('lhp_recovery')!.value)).failedAttempts).toBe(0);
  });

  it('walks every step to done; the done view carries what the Signal API needs, and nobody is signed in', async () => {
    const c = await createCustomer(db);
    await actions.startRecoveryAction();
    const s1 = await actions.credentialsAction(...posted({ loginId: c.loginId, password: c.password }));
    expect(s1).toMatchObject({
      ok: true,
      data: { view: { step: 'secret_question', question: '初めて飼ったペットの名前は？' } },
    });
    const wrong = await actions.secretQuestionAction(...posted({ answer: 'タマ' }));
    expect(wrong).toMatchObject({
      ok: false,
      formError: { code: 'verification_failed', attemptsLeft: 4 },
      view: { step: 'secret_question', attemptsLeft: 4 },
    });
    expect(await actions.secretQuestionAction(...posted({ answer: 'ﾎﾟﾁ' }))).toMatchObject({
      ok: true,
      data: { view: { step: 'account_data' } },
    });
    const s3 = await actions.accountDataAction(
      ...posted({ birthDate: '19850412', branchCode: c.branchCode, accountNumber: c.accountNumber }),
    );
    expect(s3).toMatchObject({
      ok: true,
      data: { view: { step: 'otp', maskedEmail: expect.stringContaining('***@example.jp') } },
    });
    expect(await actions.resendOtpAction()).toMatchObject({
      ok: false,
      formError: { code: 'rate_limited', reason: 'otp_resend_interval' },
    });
    expect(await actions.otpAction(...posted({ code: await latestOtp(db, c.email) }))).toMatchObject({
      ok: true,
      data: { view: { step: 'review' } },
    });
    expect(await actions.completeRecoveryAction(...posted({ confirm: false }))).toMatchObject({
      ok: false,
      fieldErrors: { confirm: expect.any(String) },
    });
    const done = await actions.completeRecoveryAction(...posted({ confirm: true }));
    expect(done).toMatchObject({
      ok: true,
      data: {
        view: {
          step: 'done',
          result: { revokedPasskeys: 2, passwordLoginEnabled: true },
          signal: { rpId: 'localhost', userId: Buffer.from(c.id).toString('base64url') },
        },
      },
    });
    expect([...jar.keys()]).toEqual(['lhp_recovery']);
    expect((await db.select().from(passkeys).where(eq(passkeys.customerId, c.id))).every((p) => p.revokedAt)).toBe(
      true,
    );
    // Pressing the button again shows the same result.
    expect(await actions.completeRecoveryAction(...posted({ confirm: true }))).toEqual(done);
    expect(await actions.restartRecoveryAction()).toEqual({
      ok: true,
      data: { view: { step: 'intro', kind: 'passkey' } },
    });
    expect(jar.has('lhp_recovery')).toBe(false);
  });

  it('「手続きをやめる」 cancels the flow and changes nothing on the account', async () => {
    const c = await createCustomer(db);
    await actions.startRecoveryAction();
    await actions.credentialsAction(...posted({ loginId: c.loginId, password: c.password }));
    const before = await snapshot(db, ['customers', 'passkeys', 'notification_outbox']);
    expect(await actions.cancelRecoveryAction()).toEqual({
      ok: true,
      data: { view: { step: 'cancelled', kind: 'passkey' } },
    });
    expect(await actions.secretQuestionAction(...posted({ answer: c.answer }))).toMatchObject({
      ok: false,
      formError: { code: 'wrong_step', step: 'cancelled' },
    });
    expect(changedTables(before, await snapshot(db, ['customers', 'passkeys', 'notification_outbox']))).toEqual([]);
  });
});
