import { beforeEach, describe, expect, it, vi } from 'vitest';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { authSessions, auditEvents, customers, notificationOutbox, passkeys } from '../../db/schema';
import type { Db } from '../../db/client';
import { changedTables, snapshot, withTestDatabase } from '../support/db';
import { createCustomer, freshIp, type TestCustomer } from '../support/recovery-helpers';
import { newSoftKey, softAssertion, softAttestation, type SoftKey } from '../support/soft-authenticator';
import { jar, newBrowser, replayCookies } from '../support/session-scope';
import { idle } from '../../lib/forms/action-state';

/*
 * RT-35: a stolen customer session must not change how the customer logs in. The security page's
 * server actions (public POST endpoints) run for real, with next-auth's real sign-in; next/headers
 * is a cookie jar (tests/support/session-scope.ts) and WebAuthn a software authenticator.
 */
vi.mock('next/headers', () => import('../support/session-scope'));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));

const { signIn, getCustomerSession } = await import('../../lib/auth');
const actions = await import('../../app/account/security/actions');
const { finishAuthentication, startAuthentication } = await import('../../lib/passkeys');
const { verifySecret } = await import('../../lib/auth/password');
const { normalizeLockCode } = await import('../../lib/notify');
const { reportNotMe } = await import('../../lib/recovery/status');
const { noticeLockCode } = await import('../../lib/recovery/lock-code');

const TABLES = ['passkeys', 'customers', 'notification_outbox', 'webauthn_challenges'] as const;
let db: Db;
withTestDatabase((t) => {
  db = t.db;
});
beforeEach(() => {
  newBrowser(freshIp());
});

async function signedIn(c: TestCustomer) {
  await signIn('password', { loginId: c.loginId, password: c.password, redirect: false });
  return (await getCustomerSession())!;
}

/** Options → software authenticator → finish, as the page's 「パスキーを作成する」 does. */
async function register(c: TestCustomer, opts: { uv?: boolean } = {}): Promise<{ key: SoftKey; result: unknown }> {
  const o = await actions.registrationOptionsAction();
  if (!o.ok) return { key: newSoftKey(c.id), result: o };
  expect(o.data.options.authenticatorSelection?.userVerification).toBe('required');
  const key = newSoftKey(c.id);
  const result = await actions.registrationFinishAction({
    challengeId: o.data.challengeId,
    response: JSON.stringify(softAttestation(key, o.data.options.challenge, opts)),
  });
  return { key, result };
}

async function stepUpWithKey(key: SoftKey, opts: { uv?: boolean } = {}) {
  const o = await actions.stepUpPasskeyOptionsAction();
  if (!o.ok) return o;
  expect(o.data.options.userVerification).toBe('required');
  expect(o.data.options.allowCredentials?.map((c) => c.id)).toContain(key.credentialId);
  return actions.stepUpPasskeyFinishAction({
    challengeId: o.data.challengeId,
    response: JSON.stringify(softAssertion(key, o.data.options.challenge, opts)),
  });
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

async function mails(c: TestCustomer) {
  return db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.toAddress, c.email))
    .orderBy(desc(notificationOutbox.createdAt));
}

async function activeKeys(c: TestCustomer) {
  return db
    .select()
    .from(passkeys)
    .where(and(eq(passkeys.customerId, c.id), isNull(passkeys.revokedAt)));
}

async function audits(c: TestCustomer, action: string) {
  return (
    await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, c.id), eq(auditEvents.action, action)))
  ).length;
}

describe('RT-35 a stolen session cannot change the passkeys without a fresh re-authentication', () => {
  it('without a step-up: registration options, finish, rename and remove are all refused inside the action; nothing changes', async () => {
    const c = await createCustomer(db, { passkeyCount: 1 });
    await db.update(customers).set({ passwordLoginEnabled: true }).where(eq(customers.id, c.id));
    process.env.PASSKEY_POLICY = 'fallback';
    const { resetEnvCache } = await import('../../lib/config/env');
    resetEnvCache();
    try {
      await signedIn(c);
      const [existing] = await activeKeys(c);
      const before = await snapshot(db, [...TABLES]);
      expect(await actions.registrationOptionsAction()).toEqual({
        ok: false,
        formError: 'step_up_required',
        fieldErrors: {},
      });
      // A finish posted directly, with a challenge that does not exist, is refused for the step-up first.
      const key = newSoftKey(c.id);
      expect(
        await actions.registrationFinishAction({
          challengeId: crypto.randomUUID(),
          response: JSON.stringify(softAttestation(key, 'x')),
        }),
      ).toEqual({ ok: false, formError: 'step_up_required', fieldErrors: {} });
      expect(
        await actions.renamePasskeyAction(idle, form({ credentialId: existing.credentialId, nickname: 'attacker' })),
      ).toEqual({ ok: false, formError: 'step_up_required', fieldErrors: {} });
      expect(await actions.removePasskeyAction(idle, form({ credentialId: existing.credentialId }))).toEqual({
        ok: false,
        formError: 'step_up_required',
        fieldErrors: {},
      });
      expect(changedTables(before, await snapshot(db, [...TABLES]))).toEqual([]);
    } finally {
      delete process.env.PASSKEY_POLICY;
      resetEnvCache();
    }
  });

  it('password step-up: a wrong password is refused and audited (and counted per login ID); the right one lets the first passkey in, with a link-free email carrying a working lock code', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: 'wrong-password' })).toEqual({
      ok: false,
      formError: 'invalid_password',
      fieldErrors: {},
    });
    expect(await audits(c, 'stepup.password.failed')).toBe(1);
    expect(await actions.stepUpPasswordAction({ password: '' })).toMatchObject({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: { password: expect.any(String) },
    });
    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'step_up_required',
      fieldErrors: {},
    });

    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    const { result, key } = await register(c);
    expect(result).toEqual({ ok: true, data: null });
    expect((await activeKeys(c)).map((k) => k.credentialId)).toEqual([key.credentialId]);
    const [c1] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(c1.passwordLoginEnabled).toBe(false); // exclusive policy

    const all = await mails(c);
    expect(all.map((m) => m.template)).toEqual(['passkey_added']);
    const [mail] = all;
    expect(mail.bodyText).toContain('パスキーが追加されました');
    expect(mail.bodyText).toContain('■ If you did not ask for this');
    expect(mail.bodyText).toContain('iCloud');
    expect(mail.bodyText).toContain('ログインIDとパスワードでのログインは使えなくなりました');
    expect(mail.bodyText).not.toMatch(/https?:|www\.|\/recovery/);
    const lockCode = /ロックコード：([A-Z0-9]{8})/.exec(mail.bodyText)![1];
    expect(mail.bodyText).toContain(`Lock code: ${lockCode}`);
    expect(await verifySecret(c1.lockCodeHash, normalizeLockCode(lockCode))).toBe(true);
    expect(lockCode).toBe(await noticeLockCode(db, c.id)); // the account's one code, as in its other notices
    expect(await audits(c, 'stepup.succeeded')).toBe(1);
  });

  it("the lock code in that email locks the account at /recovery/not-me, which ends the intruder's session", async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    expect((await register(c)).result).toEqual({ ok: true, data: null });
    const lockCode = /ロックコード：([A-Z0-9]{8})/.exec(
      (await mails(c)).find((m) => m.template === 'passkey_added')!.bodyText,
    )![1];
    expect(
      await reportNotMe(db, { loginId: c.loginId, lockCode }, { ip: freshIp(), userAgent: 'vitest' }),
    ).toMatchObject({ ok: true });
    expect(await getCustomerSession()).toBeNull();
  });

  it('a UP-only authenticator (user present, not verified) is refused: no passkey, no email', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    const before = await snapshot(db, ['passkeys', 'customers', 'notification_outbox']);
    expect((await register(c, { uv: false })).result).toEqual({
      ok: false,
      formError: 'verification_failed',
      fieldErrors: {},
    });
    expect(changedTables(before, await snapshot(db, ['passkeys', 'customers', 'notification_outbox']))).toEqual([]);
  });

  it('a step-up older than STEP_UP_SECONDS is refused as expired (options and finish)', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    const s = await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    const o = await actions.registrationOptionsAction();
    expect(o.ok).toBe(true);
    await db
      .update(authSessions)
      .set({ stepUpAt: new Date(Date.now() - 301_000) })
      .where(eq(authSessions.id, s.sid));
    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'step_up_expired',
      fieldErrors: {},
    });
    if (!o.ok) throw new Error('unreachable');
    const key = newSoftKey(c.id);
    expect(
      await actions.registrationFinishAction({
        challengeId: o.data.challengeId,
        response: JSON.stringify(softAttestation(key, o.data.options.challenge)),
      }),
    ).toEqual({ ok: false, formError: 'step_up_expired', fieldErrors: {} });
    expect(await activeKeys(c)).toHaveLength(0);
    // Just inside the limit it is fresh again.
    await db
      .update(authSessions)
      .set({ stepUpAt: new Date(Date.now() - 290_000) })
      .where(eq(authSessions.id, s.sid));
    expect((await actions.registrationOptionsAction()).ok).toBe(true);
  });

  it('passkey step-up (UV) once a passkey exists: the password no longer steps up under exclusive; rename needs it and sends no email; removing the last passkey emails and restores the password', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    const s = await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    const { key } = await register(c);
    await db.update(authSessions).set({ stepUpAt: null }).where(eq(authSessions.id, s.sid));

    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({
      ok: false,
      formError: 'not_available',
      fieldErrors: {},
    });
    expect(await stepUpWithKey(key, { uv: false })).toEqual({
      ok: false,
      formError: 'passkey_failed',
      fieldErrors: {},
    });
    expect(await audits(c, 'stepup.passkey.failed')).toBe(1);
    expect(
      await actions.renamePasskeyAction(idle, form({ credentialId: key.credentialId, nickname: '私のiPhone' })),
    ).toEqual({ ok: false, formError: 'step_up_required', fieldErrors: {} });

    expect(await stepUpWithKey(key)).toEqual({ ok: true, data: null });
    const mailsBefore = (await mails(c)).length;
    expect(
      await actions.renamePasskeyAction(idle, form({ credentialId: key.credentialId, nickname: '私のiPhone' })),
    ).toEqual({ ok: true, data: null });
    expect((await activeKeys(c))[0].nickname).toBe('私のiPhone');
    expect(await mails(c)).toHaveLength(mailsBefore);

    expect(await actions.removePasskeyAction(idle, form({ credentialId: key.credentialId }))).toEqual({
      ok: true,
      data: null,
    });
    expect(await activeKeys(c)).toHaveLength(0);
    const mail = (await mails(c)).find((m) => m.template === 'passkey_removed')!;
    expect(await mails(c)).toHaveLength(mailsBefore + 1);
    expect(mail.bodyText).toContain('ログインIDとパスワードでのログインが使えるようになりました');
    expect(mail.bodyText).not.toContain('私のiPhone'); // the nickname is the session holder's text: never in the email
    expect(mail.bodyText).not.toMatch(/https?:|www\./);
    const [c1] = await db.select().from(customers).where(eq(customers.id, c.id));
    expect(c1.passwordLoginEnabled).toBe(true);
  });
});

describe('RT-35 attacks on the step-up itself', () => {
  it('a replayed step-up assertion is refused (the challenge is single use)', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    const s = await signedIn(c);
    await actions.stepUpPasswordAction({ password: c.password });
    const { key } = await register(c);
    await db.update(authSessions).set({ stepUpAt: null }).where(eq(authSessions.id, s.sid));
    const o = await actions.stepUpPasskeyOptionsAction();
    if (!o.ok) throw new Error('no options');
    const body = {
      challengeId: o.data.challengeId,
      response: JSON.stringify(softAssertion(key, o.data.options.challenge)),
    };
    expect(await actions.stepUpPasskeyFinishAction(body)).toEqual({ ok: true, data: null });
    await db.update(authSessions).set({ stepUpAt: null }).where(eq(authSessions.id, s.sid));
    expect(await actions.stepUpPasskeyFinishAction(body)).toEqual({
      ok: false,
      formError: 'passkey_failed',
      fieldErrors: {},
    });
    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'step_up_required',
      fieldErrors: {},
    });
  });

  it("a step-up in one session does nothing for the customer's other session (the thief's)", async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    const thief = new Map(jar);
    newBrowser(freshIp());
    await signedIn(c);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({ ok: true, data: null });
    expect((await actions.registrationOptionsAction()).ok).toBe(true);
    replayCookies(thief);
    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'step_up_required',
      fieldErrors: {},
    });
  });

  it("another customer's passkey, a login challenge, or a UP-only assertion never steps up; a step-up challenge never logs in", async () => {
    const victim = await createCustomer(db, { passkeyCount: 0 });
    const other = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(other);
    await actions.stepUpPasswordAction({ password: other.password });
    const { key: otherKey } = await register(other);

    newBrowser(freshIp());
    const vs = await signedIn(victim);
    await actions.stepUpPasswordAction({ password: victim.password });
    const { key: victimKey } = await register(victim);
    await db.update(authSessions).set({ stepUpAt: null }).where(eq(authSessions.id, vs.sid));

    // The other customer's key, on the victim's step-up challenge.
    const o = await actions.stepUpPasskeyOptionsAction();
    if (!o.ok) throw new Error('no options');
    expect(o.data.options.allowCredentials?.map((x) => x.id)).toEqual([victimKey.credentialId]);
    expect(
      await actions.stepUpPasskeyFinishAction({
        challengeId: o.data.challengeId,
        response: JSON.stringify(softAssertion(otherKey, o.data.options.challenge)),
      }),
    ).toEqual({ ok: false, formError: 'passkey_failed', fieldErrors: {} });

    // An anonymous login challenge answered with the victim's own key, posted as a step-up.
    const login = await startAuthentication(db, { ip: freshIp() });
    expect(
      await actions.stepUpPasskeyFinishAction({
        challengeId: login.challengeId,
        response: JSON.stringify(softAssertion(victimKey, login.options.challenge)),
      }),
    ).toEqual({ ok: false, formError: 'passkey_failed', fieldErrors: {} });

    // A step-up challenge answered and posted to the login.
    const o2 = await actions.stepUpPasskeyOptionsAction();
    if (!o2.ok) throw new Error('no options');
    await expect(
      finishAuthentication(
        db,
        { challengeId: o2.data.challengeId, response: softAssertion(victimKey, o2.data.options.challenge) },
        { ip: freshIp() },
      ),
    ).rejects.toMatchObject({ code: 'challenge_invalid' });

    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'step_up_required',
      fieldErrors: {},
    });
  });

  it('passkey login also requires user verification: a UP-only assertion is refused, a UV one signs in', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    await actions.stepUpPasswordAction({ password: c.password });
    const { key } = await register(c);
    const a = await startAuthentication(db, { ip: freshIp() });
    expect(a.options.userVerification).toBe('required');
    await expect(
      finishAuthentication(
        db,
        { challengeId: a.challengeId, response: softAssertion(key, a.options.challenge, { uv: false }) },
        { ip: freshIp() },
      ),
    ).rejects.toMatchObject({ code: 'verification_failed' });
    const b = await startAuthentication(db, { ip: freshIp() });
    expect(
      await finishAuthentication(
        db,
        { challengeId: b.challengeId, response: softAssertion(key, b.options.challenge) },
        { ip: freshIp() },
      ),
    ).toEqual({ customerId: c.id });
  });

  it('after sign-out, the copied cookie can neither step up nor change anything', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    await actions.stepUpPasswordAction({ password: c.password });
    const stolen = new Map(jar);
    await actions.signOutAction().catch(() => {});
    replayCookies(stolen);
    expect(await actions.stepUpPasswordAction({ password: c.password })).toEqual({
      ok: false,
      formError: 'unauthorized',
      fieldErrors: {},
    });
    expect(await actions.registrationOptionsAction()).toEqual({
      ok: false,
      formError: 'unauthorized',
      fieldErrors: {},
    });
  });

  it('bad input is a clear error, never an exception: malformed ids, oversized and non-JSON responses', async () => {
    const c = await createCustomer(db, { passkeyCount: 0 });
    await signedIn(c);
    await actions.stepUpPasswordAction({ password: c.password });
    expect(await actions.registrationFinishAction({ challengeId: 'nope', response: '{}' })).toEqual({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: {},
    });
    expect(await actions.registrationFinishAction(null)).toEqual({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: {},
    });
    const o = await actions.registrationOptionsAction();
    if (!o.ok) throw new Error('no options');
    expect(await actions.registrationFinishAction({ challengeId: o.data.challengeId, response: '{not json' })).toEqual({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: {},
    });
    expect(
      await actions.stepUpPasskeyFinishAction({ challengeId: crypto.randomUUID(), response: 'x'.repeat(30_000) }),
    ).toEqual({ ok: false, formError: 'invalid_input', fieldErrors: {} });
    expect(await actions.stepUpPasswordAction({ password: 'x'.repeat(129) })).toMatchObject({
      ok: false,
      formError: 'invalid_input',
      fieldErrors: { password: expect.any(String) },
    });
    expect(await actions.removePasskeyAction(idle, form({ credentialId: 'does-not-exist' }))).toEqual({
      ok: false,
      formError: 'failed',
      fieldErrors: {},
    });
    expect(await actions.stepUpPasskeyOptionsAction()).toEqual({
      ok: false,
      formError: 'not_available',
      fieldErrors: {},
    }); // no passkey yet
  });
});
