import { beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { encode } from 'next-auth/jwt';
import { authSessions, customers, staffUsers } from '../../db/schema';
import type { Db } from '../../db/client';
import { DEMO_PASSWORD, STAFF_PASSWORD } from '../../db/seed/demo';
import { withTestDatabase } from '../support/db';
import { freshIp } from '../support/recovery-helpers';
import { seedStaffCast, type StaffCast } from '../support/staff-fixtures';
import { jar, newBrowser, replayCookies } from '../support/session-scope';
import { captureLogs } from '../support/hardening-faults';
import { sql } from 'drizzle-orm';

/*
 * Server-side sessions (RT-48): sign-in through next-auth's real signIn, the cookie it sets copied
 * like a thief would, sign-out through the real actions, then the copy replayed — on pages and
 * actions (auth()) and on next-auth's own GET /api/auth/session.
 */
vi.mock('next/headers', () => import('../support/session-scope'));

const { auth, signIn, signOut, handlers, getCustomerSession, getStaffSession } = await import('../../lib/auth');
const { signOutAction } = await import('../../app/account/security/actions');
const { staffSignOutAction } = await import('../../app/staff/(console)/actions');
const sessions = await import('../../lib/auth/sessions');

const COOKIE = 'authjs.session-token';
let db: Db;
let cast: StaffCast;
withTestDatabase((t) => {
  db = t.db;
});
beforeEach(async () => {
  cast ??= await seedStaffCast(db);
  await db.update(customers).set({ loginLockedAt: null, sessionsValidAfter: new Date(0) });
  newBrowser(freshIp());
});

async function expectRedirect(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? '';
    if (digest.startsWith('NEXT_REDIRECT')) return digest.split(';')[2];
    throw e;
  }
  throw new Error('expected a redirect');
}

/** GET /api/auth/session with exactly this cookie jar, through next-auth's route handler. */
async function apiSession(cookies: Map<string, string>) {
  const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await handlers.GET(new NextRequest('http://localhost:3000/api/auth/session', { headers: { cookie } }));
  return { status: res.status, body: await res.json(), setCookie: res.headers.get('set-cookie') ?? '' };
}

async function customerSignIn(loginId = 'demo-normal', password = DEMO_PASSWORD) {
  await signIn('password', { loginId, password, redirect: false });
  expect(jar.has(COOKIE)).toBe(true);
  return new Map(jar);
}

async function forge(token: Record<string, unknown>, secret = process.env.AUTH_SECRET!) {
  return new Map([[COOKIE, await encode({ token, secret, salt: COOKIE })]]);
}

describe('sessions: the row behind the cookie', () => {
  it('startSession / sessionState / recordStepUp / endSession, and an ended session cannot be stepped up again', async () => {
    const t0 = new Date();
    const sid = await sessions.startSession(db, 'customer', cast.demoNormalId, t0);
    expect(await sessions.sessionState(db, sid)).toEqual({
      active: true,
      kind: 'customer',
      subjectId: cast.demoNormalId,
      stepUpAt: null,
    });
    await sessions.recordStepUp(db, sid, t0);
    expect((await sessions.sessionState(db, sid))?.stepUpAt?.getTime()).toBe(t0.getTime());
    await sessions.endSession(db, sid);
    await sessions.recordStepUp(db, sid, new Date(t0.getTime() + 1000));
    expect(await sessions.sessionState(db, sid)).toMatchObject({ active: false, stepUpAt: t0 });
    await sessions.endSession(db, sid); // idempotent
    expect(await sessions.sessionState(db, 'not-a-uuid')).toBeNull();
    expect(await sessions.sessionState(db, crypto.randomUUID())).toBeNull();
  });

  it('isStepUpFresh: inside the limit only; never for null or a stamp from the future', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(sessions.isStepUpFresh(null, 300, now)).toBe(false);
    expect(sessions.isStepUpFresh(ago(0), 300, now)).toBe(true);
    expect(sessions.isStepUpFresh(ago(300), 300, now)).toBe(true);
    expect(sessions.isStepUpFresh(ago(301), 300, now)).toBe(false);
    expect(sessions.isStepUpFresh(ago(-60), 300, now)).toBe(false);
  });

  it('a sign-in (every provider) writes one row and the cookie names it', async () => {
    await customerSignIn();
    const s = await getCustomerSession();
    expect(s).toMatchObject({ customerId: cast.demoNormalId, stepUpAt: null });
    expect(await sessions.sessionState(db, s!.sid)).toMatchObject({
      active: true,
      kind: 'customer',
      subjectId: cast.demoNormalId,
    });

    newBrowser(freshIp());
    await signIn('staff', { email: 'operator@example.jp', password: STAFF_PASSWORD, redirect: false });
    const st = await getStaffSession();
    expect(st).toMatchObject({ id: cast.operator.id, role: 'operator' });
    expect(await sessions.sessionState(db, st!.sid)).toMatchObject({
      active: true,
      kind: 'staff',
      subjectId: cast.operator.id,
    });
  });
});

describe('RT-48 a session cookie copied before sign-out is refused after it', () => {
  it('customer: the sign-out action ends the row; the copy is refused by auth() and by GET /api/auth/session', async () => {
    const stolen = await customerSignIn();
    expect((await apiSession(stolen)).body).toMatchObject({ kind: 'customer', subjectId: cast.demoNormalId });
    const { sid } = (await getCustomerSession())!;

    expect(await expectRedirect(signOutAction())).toMatch(/\/login$/);
    expect(jar.has(COOKIE)).toBe(false);
    expect((await sessions.sessionState(db, sid))?.active).toBe(false);

    replayCookies(stolen);
    expect(await auth()).toBeNull();
    expect(await getCustomerSession()).toBeNull();
    const api = await apiSession(stolen);
    expect(api.status).toBe(200);
    expect(api.body).toBeNull();
    expect(api.setCookie).toContain(`${COOKIE}=;`); // next-auth clears the dead cookie
  });

  it('staff: the staff sign-out action ends the row; the copy is refused everywhere', async () => {
    await signIn('staff', { email: 'admin@example.jp', password: STAFF_PASSWORD, redirect: false });
    const stolen = new Map(jar);
    expect(await getStaffSession()).toMatchObject({ id: cast.admin.id, role: 'admin' });
    expect(await expectRedirect(staffSignOutAction())).toMatch(/\/staff\/login$/);
    replayCookies(stolen);
    expect(await getStaffSession()).toBeNull();
    expect((await apiSession(stolen)).body).toBeNull();
  });

  it("next-auth's own sign-out (its signOut event) ends the row too", async () => {
    const stolen = await customerSignIn();
    const { sid } = (await getCustomerSession())!;
    await signOut({ redirect: false });
    expect((await sessions.sessionState(db, sid))?.active).toBe(false);
    expect((await apiSession(stolen)).body).toBeNull();
  });

  it("signing out one browser leaves the customer's other sessions alive", async () => {
    const phone = await customerSignIn();
    newBrowser(freshIp());
    const laptop = await customerSignIn();
    await expectRedirect(signOutAction());
    expect((await apiSession(laptop)).body).toBeNull();
    expect((await apiSession(phone)).body).toMatchObject({ subjectId: cast.demoNormalId });
  });
});

describe('RT-48 forged, foreign and stale tokens', () => {
  it('a token signed with another secret, naming a live sid, is refused', async () => {
    await customerSignIn();
    const { sid } = (await getCustomerSession())!;
    const forged = await forge(
      { kind: 'customer', sub: cast.demoNormalId, sid, authAt: Date.now() },
      'another-secret-another-secret-012345',
    );
    replayCookies(forged);
    expect(await auth()).toBeNull();
    expect((await apiSession(forged)).body).toBeNull();
  });

  it("a token naming another subject's live sid is refused (the row must name the token's subject and kind)", async () => {
    const victimSid = await sessions.startSession(db, 'customer', cast.demoLockedId);
    const staffSid = await sessions.startSession(db, 'staff', cast.admin.id);
    for (const token of [
      { kind: 'customer', sub: cast.demoNormalId, sid: victimSid },
      { kind: 'staff', sub: cast.admin.id, sid: victimSid },
      { kind: 'customer', sub: cast.admin.id, sid: staffSid },
    ]) {
      replayCookies(await forge({ ...token, authAt: Date.now() }));
      expect(await auth()).toBeNull();
    }
  });

  it('a token without a sid (issued before server-side sessions), with a malformed or an unknown sid, is refused without an error', async () => {
    for (const sid of [
      undefined,
      '',
      'x'.repeat(5000),
      "' or 1=1 --",
      '00000000-0000-0000-0000-00000000000G',
      crypto.randomUUID(),
      42,
    ]) {
      const copy = await forge({ kind: 'customer', sub: cast.demoNormalId, sid, authAt: Date.now() });
      replayCookies(copy);
      expect(await auth()).toBeNull();
      expect((await apiSession(copy)).status).toBe(200);
    }
  });

  it('an expired row is refused, and so is one begun before a recovery (sessions_valid_after) or on a locked account', async () => {
    const stolen = await customerSignIn();
    const { sid } = (await getCustomerSession())!;
    await db
      .update(authSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authSessions.id, sid));
    expect((await apiSession(stolen)).body).toBeNull();

    const again = await customerSignIn();
    await db
      .update(customers)
      .set({ sessionsValidAfter: new Date(Date.now() + 1000) })
      .where(eq(customers.id, cast.demoNormalId));
    expect((await apiSession(again)).body).toBeNull();

    await db
      .update(customers)
      .set({ sessionsValidAfter: new Date(0) })
      .where(eq(customers.id, cast.demoNormalId));
    const third = await customerSignIn();
    await db.update(customers).set({ loginLockedAt: new Date() }).where(eq(customers.id, cast.demoNormalId));
    expect((await apiSession(third)).body).toBeNull();
  });

  it('a disabled staff member is refused at once; a demoted one gets the role as stored now', async () => {
    await signIn('staff', { email: 'operator2@example.jp', password: STAFF_PASSWORD, redirect: false });
    const copy = new Map(jar);
    await db.update(staffUsers).set({ role: 'viewer' }).where(eq(staffUsers.id, cast.operator2.id));
    expect(await getStaffSession()).toMatchObject({ role: 'viewer' });
    await db.update(staffUsers).set({ disabled: true }).where(eq(staffUsers.id, cast.operator2.id));
    expect(await getStaffSession()).toBeNull();
    expect((await apiSession(copy)).body).toBeNull();
    await db.update(staffUsers).set({ role: 'operator', disabled: false }).where(eq(staffUsers.id, cast.operator2.id));
  });
});

describe('sessions when the database cannot answer', () => {
  it('the check fails closed (no session, also on /api/auth/session) and logs the class and SQLSTATE only', async () => {
    const copy = await customerSignIn();
    const { sid } = (await getCustomerSession())!;
    const logs = captureLogs('error');
    await db.execute(sql.raw('alter table auth_sessions rename to auth_sessions_away'));
    try {
      expect(await auth()).toBeNull();
      expect((await apiSession(copy)).body).toBeNull();
    } finally {
      await db.execute(sql.raw('alter table auth_sessions_away rename to auth_sessions'));
      logs.restore();
    }
    const lines = logs.lines.filter((l) => l.includes('session check failed'));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toContain('"sqlState":"42P01"');
    expect(logs.lines.join('\n')).not.toContain(sid);
    replayCookies(copy);
    expect(await getCustomerSession()).toMatchObject({ customerId: cast.demoNormalId }); // back once the database is
  });
});
