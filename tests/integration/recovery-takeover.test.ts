import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { customers, notificationOutbox, recoveryFlows } from '../../db/schema';
import { queryRows } from '../../db/client';
import type { Db } from '../../db/client';
import { withTestDatabase } from '../support/db';
import { auditCount, createCustomer, ctxFor, flowAt, flowRow, outboxCount } from '../support/recovery-helpers';
import {
  cancelFlow,
  reportNotMe,
  startFlow,
  submitAccountData,
  submitCredentials,
  submitOtp,
  submitSecretAnswer,
  unlockRecovery,
} from '../../lib/recovery';
import { securityPolicy } from '../../lib/config/security';
import { resetEnvCache } from '../../lib/config/env';

/*
 * "Close the account-takeover paths": limits an attacker cannot spend for the customer (RT-38), an
 * account failure limit that holds under concurrency (RT-39), a lock code in every notification
 * (RT-18), and every reserved attempt ending in an audited outcome.
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

async function customerRow(id: string) {
  const [c] = await db.select().from(customers).where(eq(customers.id, id));
  return c;
}

async function bucketsNaming(loginId: string): Promise<Array<{ key: string; count: number }>> {
  const rows = await queryRows<{ key: string; count: number | string }>(
    db,
    sql`
    select key, count from rate_limit_buckets where position(${loginId} in key) > 0`,
  );
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

describe('RT-38 forged flow tokens naming a victim', () => {
  it("RT-38 120 forged-token attempts naming the victim: the victim's next real flow is not limited, nothing is charged to the account", async () => {
    const victim = await createCustomer(db);
    // Tokens an attacker can make without a live flow: random well-formed ones, malformed ones, and the
    // tokens of flows that are over (cancelled, or already past this step).
    const dead = await startFlow(db, ctxFor());
    if (!dead.ok) throw new Error('start');
    await cancelFlow(db, dead.value.flowToken, ctxFor());
    const own = await createCustomer(db);
    const moved = await flowAt(db, own, 'secret_question');
    const tokens = Array.from({ length: 120 }, (_, i) =>
      i % 4 === 0
        ? randomBytes(32).toString('base64url')
        : i % 4 === 1
          ? `forged-${i}`
          : i % 4 === 2
            ? dead.value.flowToken
            : moved.token,
    );
    const replies = [];
    for (const [i, token] of tokens.entries()) {
      // Ten attempts per address: no per-IP limit comes into play, only the per-login-ID one could.
      const ip = `10.238.${Math.floor(i / 10)}.1`;
      replies.push(await submitCredentials(db, token, { loginId: victim.loginId, password: `guess-${i}` }, ctxFor(ip)));
    }
    expect(replies.every((r) => !r.ok && r.error.code !== 'rate_limited')).toBe(true);

    expect(await bucketsNaming(victim.loginId)).toEqual([]);
    expect(await auditCount(db, 'recovery.verification_failed', { customerId: victim.id })).toBe(0);
    expect((await customerRow(victim.id)).failedRecoveryCount).toBe(0);

    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    expect(
      await submitCredentials(db, s.value.flowToken, { loginId: victim.loginId, password: victim.password }, ctx),
    ).toEqual({ ok: true, value: { step: 'secret_question' } });
  });

  it('RT-38 attempts inside live flows still count per login ID (the limit is not disabled)', async () => {
    process.env.LOGIN_ID_MAX_ATTEMPTS_PER_HOUR = '3';
    process.env.ACCOUNT_MAX_FAILURES = '100';
    resetEnvCache();
    try {
      const victim = await createCustomer(db);
      const codes = [];
      for (let i = 0; i < 4; i++) {
        const ctx = ctxFor();
        const s = await startFlow(db, ctx);
        if (!s.ok) throw new Error('start');
        const r = await submitCredentials(
          db,
          s.value.flowToken,
          { loginId: victim.loginId, password: `nope-${i}` },
          ctx,
        );
        codes.push(r.ok ? 'ok' : r.error.code);
      }
      expect(codes).toEqual(['verification_failed', 'verification_failed', 'verification_failed', 'rate_limited']);
    } finally {
      delete process.env.LOGIN_ID_MAX_ATTEMPTS_PER_HOUR;
      delete process.env.ACCOUNT_MAX_FAILURES;
      resetEnvCache();
    }
  });
});

describe('RT-39 the account failure limit under concurrency', () => {
  it('RT-39 16 simultaneous wrong answers over 4 flows: failures recorded never exceed the limit; one lock, one email', async () => {
    const c = await createCustomer(db);
    const max = securityPolicy().accountMaxFailures;
    const flows: Awaited<ReturnType<typeof flowAt>>[] = [];
    for (let i = 0; i < 4; i++) flows.push(await flowAt(db, c, 'secret_question'));
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const f = flows[i % 4];
        return submitSecretAnswer(db, f.token, { answer: `ちがう-${i}` }, f.ctx);
      }),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await auditCount(db, 'recovery.verification_failed', { customerId: c.id })).toBe(max);
    const row = await customerRow(c.id);
    expect(row.failedRecoveryCount).toBeLessThanOrEqual(max);
    expect(row.recoveryLockedUntil).not.toBeNull();
    expect(await auditCount(db, 'recovery.account_locked', { customerId: c.id })).toBe(1);
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBe(1);
    for (const f of flows) expect((await flowRow(db, f.token)).step).toBe('locked');
  });

  it('RT-39 17 wrong answers, account data and codes at once over 4 flows at different steps never record more than the limit', async () => {
    const c = await createCustomer(db);
    const max = securityPolicy().accountMaxFailures;
    const q = [await flowAt(db, c, 'secret_question'), await flowAt(db, c, 'secret_question')];
    const a = await flowAt(db, c, 'account_data');
    const o = await flowAt(db, c, 'otp');
    const calls = Array.from({ length: 17 }, (_, i) => {
      if (i % 4 < 2) return submitSecretAnswer(db, q[i % 2].token, { answer: `ちがう-${i}` }, q[i % 2].ctx);
      if (i % 4 === 2)
        return submitAccountData(
          db,
          a.token,
          { birthDate: '1900-01-01', branchCode: '999', accountNumber: '0000000' },
          a.ctx,
        );
      return submitOtp(db, o.token, { code: String(i).padStart(6, '0') }, o.ctx);
    });
    await Promise.all(calls);
    expect(await auditCount(db, 'recovery.verification_failed', { customerId: c.id })).toBeLessThanOrEqual(max);
    expect((await customerRow(c.id)).failedRecoveryCount).toBeLessThanOrEqual(max);
    expect(await outboxCount(db, c.email, 'recovery_locked')).toBeLessThanOrEqual(1);
  });

  it('RT-39 passed steps give their reserved attempt back: a customer who gets everything right has no failures counted', async () => {
    const c = await createCustomer(db);
    await flowAt(db, c, 'review');
    await flowAt(db, c, 'review');
    expect((await customerRow(c.id)).failedRecoveryCount).toBe(0);
  });

  it('RT-39 failures older than the window stop counting even when they were never recounted', async () => {
    const c = await createCustomer(db);
    const max = securityPolicy().accountMaxFailures;
    // Nine failures a day and more ago, then nothing.
    await db
      .update(customers)
      .set({ failedRecoveryCount: max - 1 })
      .where(eq(customers.id, c.id));
    const f = await flowAt(db, c, 'secret_question');
    for (let i = 0; i < 3; i++) {
      expect(await submitSecretAnswer(db, f.token, { answer: `ちがう-${i}` }, f.ctx)).toMatchObject({
        ok: false,
        error: { code: 'verification_failed' },
      });
    }
    expect((await customerRow(c.id)).recoveryLockedUntil).toBeNull();
    expect(await submitSecretAnswer(db, f.token, { answer: c.answer }, f.ctx)).toEqual({
      ok: true,
      value: { step: 'account_data' },
    });
  });

  it('RT-39 after a staff unlock the customer has the whole allowance again', async () => {
    const c = await createCustomer(db);
    const flows: Awaited<ReturnType<typeof flowAt>>[] = [];
    for (let i = 0; i < 2; i++) flows.push(await flowAt(db, c, 'secret_question'));
    for (let i = 0; i < 10; i++)
      await submitSecretAnswer(db, flows[i % 2].token, { answer: `ちがう-${i}` }, flows[i % 2].ctx);
    expect((await customerRow(c.id)).recoveryLockedUntil).not.toBeNull();
    await unlockRecovery(db, c.id, { type: 'staff', id: 'op' }, { ip: '127.0.0.1' });
    const f = await flowAt(db, c, 'secret_question');
    expect(await submitSecretAnswer(db, f.token, { answer: 'ちがう' }, f.ctx)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed', attemptsLeft: 4 },
    });
    expect(await submitSecretAnswer(db, f.token, { answer: c.answer }, f.ctx)).toEqual({
      ok: true,
      value: { step: 'account_data' },
    });
  });
});

describe('RT-18 the lock code in every notification', () => {
  const lockCodeOf = (body: string) => /ロックコード：([A-Z2-9]{8})/.exec(body)?.[1] ?? null;

  it('RT-18 the emailed code carries a lock code and the 「心当たりがない場合」 instructions, in Japanese and English, and no link', async () => {
    const c = await createCustomer(db);
    await flowAt(db, c, 'otp');
    const [m] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_otp')));
    expect(lockCodeOf(m.bodyText)).not.toBeNull();
    expect(m.bodyText).toContain('心当たりがない場合');
    expect(m.bodyText).toMatch(/If you did not ask for this/);
    expect(m.bodyText).toContain(`Lock code: ${lockCodeOf(m.bodyText)}`);
    expect(`${m.subject}\n${m.bodyText}`).not.toMatch(/https?:\/\/|www\.|<a\s/i);
  });

  it('RT-18 the first email a victim sees stops the attacker: its lock code locks login and recovery, whatever was sent after it', async () => {
    const c = await createCustomer(db);
    const attacker = await flowAt(db, c, 'otp');
    const [first] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_otp')));
    // More notices go out after the first one (another flow's code): each carries the same lock code.
    await flowAt(db, c, 'otp');
    const bodies = (await db.select().from(notificationOutbox).where(eq(notificationOutbox.toAddress, c.email))).map(
      (m) => m.bodyText,
    );
    expect(new Set(bodies.map(lockCodeOf))).toEqual(new Set([lockCodeOf(first.bodyText)]));

    expect(await reportNotMe(db, { loginId: c.loginId, lockCode: lockCodeOf(first.bodyText)! }, ctxFor())).toEqual({
      ok: true,
      value: { accepted: true },
    });
    expect((await customerRow(c.id)).loginLockedAt).not.toBeNull();
    expect((await flowRow(db, attacker.token)).step).toBe('locked');
    const locked = await db
      .select()
      .from(notificationOutbox)
      .where(
        and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'account_locked_by_customer')),
      );
    expect(locked).toHaveLength(1);
    expect(lockCodeOf(locked[0].bodyText)).not.toBeNull();
  });

  it('RT-18 the recovery-lock email carries a lock code that works', async () => {
    const c = await createCustomer(db);
    for (let i = 0; i < securityPolicy().accountMaxFailures; i++) {
      const ctx = ctxFor();
      const s = await startFlow(db, ctx);
      if (!s.ok) throw new Error('start');
      await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: `nope-${i}` }, ctx);
    }
    const [m] = await db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.toAddress, c.email), eq(notificationOutbox.template, 'recovery_locked')));
    const code = lockCodeOf(m.bodyText);
    expect(code).not.toBeNull();
    await reportNotMe(db, { loginId: c.loginId, lockCode: code! }, ctxFor());
    expect((await customerRow(c.id)).loginLockedAt).not.toBeNull();
  });
});

describe('a reserved attempt always ends in an audited outcome', () => {
  it('a login ID with a lone surrogate at the credentials step is an audited failure, never a thrown error', async () => {
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    const r = await submitCredentials(db, s.value.flowToken, { loginId: 'victim\uD800', password: 'x' }, ctx);
    expect(r).toEqual({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } });
    const row = await flowRow(db, s.value.flowToken);
    expect(row.failedAttempts).toBe(1);
    expect(await auditCount(db, 'recovery.verification_failed', { flowId: row.id })).toBe(1);
  });

  it('a fault after the attempt was reserved still leaves the failure audited (and the attempt spent)', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'secret_question');
    // The failure's own audit event cannot be written (what a lone surrogate in its details once did).
    await db.execute(
      sql.raw(`
      create or replace function test_fail_failure_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'recovery.verification_failed' and new.details ? 'failures' then raise exception 'injected fault on the audit'; end if;
        return new;
      end $$`),
    );
    await db.execute(
      sql.raw(
        'create trigger test_fail_failure_audit before insert on audit_events for each row execute function test_fail_failure_audit()',
      ),
    );
    let outcome: unknown;
    try {
      outcome = await submitSecretAnswer(db, f.token, { answer: 'ちがう' }, f.ctx).then(
        (r) => r,
        (e: unknown) => e,
      );
    } finally {
      await db.execute(sql.raw('drop trigger test_fail_failure_audit on audit_events'));
    }
    expect(outcome).toEqual({ ok: false, error: { code: 'unavailable' } });
    const row = await flowRow(db, f.token);
    expect(row.failedAttempts).toBe(1);
    expect(await auditCount(db, 'recovery.verification_failed', { flowId: f.flowId })).toBe(1);
  });

  it('flow rows never hold more spent attempts than audited failures after a burst of mixed answers', async () => {
    const c = await createCustomer(db);
    const f = await flowAt(db, c, 'secret_question');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        submitSecretAnswer(db, f.token, { answer: i === 3 ? c.answer : `ちがう-${i}` }, f.ctx),
      ),
    );
    const [row] = await db.select().from(recoveryFlows).where(eq(recoveryFlows.id, f.flowId));
    expect(await auditCount(db, 'recovery.verification_failed', { flowId: f.flowId })).toBe(row.failedAttempts);
  });
});
