import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { seedStaffCast, type StaffCast } from '../support/staff-fixtures';
import { socketHeaders } from '../support/socket';

// The pages and actions read the session from the request's cookies: give them a real, signed
// next-auth session cookie (customer or staff) through next/headers, the way Next does.
const request = vi.hoisted(() => ({ cookie: '' }));
vi.mock('next/headers', () => ({
  headers: async () =>
    new Headers({
      host: 'localhost:3000',
      'x-forwarded-proto': 'http',
      cookie: request.cookie,
      ...socketHeaders('192.0.2.99'),
      'user-agent': 'vitest',
    }),
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => {}, has: () => false }),
}));

const { requireStaffPage, getStaffSession, getCustomerSession } = await import('../../lib/auth');
const { staffPage } = await import('../../lib/staff/page');
const { staffAction } = await import('../../lib/staff/action');
const { requestForcedReset } = await import('../../lib/staff/forced-reset');
const { resetRequestInput, staffSession } = await import('../support/staff-fixtures');
const { startSession } = await import('../../lib/auth/sessions');

let t: TestDatabase;
let cast: StaffCast;

/** A signed cookie naming a real server-side session row, as a sign-in makes it. */
async function sessionCookie(token: Record<string, unknown>): Promise<string> {
  const sid = await startSession(t.db, token.kind as 'customer' | 'staff', token.sub as string);
  const value = await encode({
    token: { sid, ...token },
    secret: process.env.AUTH_SECRET!,
    salt: 'authjs.session-token',
  });
  return `authjs.session-token=${value}`;
}

async function redirectOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    const digest = (e as { digest?: string }).digest ?? '';
    if (!digest.startsWith('NEXT_REDIRECT')) throw e;
    return digest.split(';')[2];
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterAll(async () => {
  await t?.drop();
});

describe('RT-27 a customer session never opens a staff page, and the reverse', () => {
  it('no session: every staff page redirects to /staff/login', async () => {
    request.cookie = '';
    expect(await redirectOf(requireStaffPage('viewer'))).toBe('/staff/login');
    expect(await redirectOf(staffPage('viewer'))).toBe('/staff/login');
  });

  it('a valid customer session is refused on /staff (sent to the staff login)', async () => {
    request.cookie = await sessionCookie({ kind: 'customer', sub: cast.demoNormalId, authAt: Date.now() + 5000 });
    expect(await getCustomerSession()).toMatchObject({ customerId: cast.demoNormalId }); // the cookie is real and valid
    expect(await getStaffSession()).toBeNull();
    expect(await redirectOf(staffPage('viewer'))).toBe('/staff/login');
  });

  it('a customer token carrying a staff role claim is still refused', async () => {
    request.cookie = await sessionCookie({ kind: 'customer', sub: cast.admin.id, role: 'admin', authAt: Date.now() });
    expect(await getStaffSession()).toBeNull();
    expect(await redirectOf(staffPage('viewer'))).toBe('/staff/login');
  });

  it('a staff session is not a customer session', async () => {
    request.cookie = await sessionCookie({
      kind: 'staff',
      sub: cast.operator.id,
      role: 'operator',
      authAt: Date.now(),
    });
    expect(await getCustomerSession()).toBeNull();
    expect(await getStaffSession()).toMatchObject({ id: cast.operator.id, role: 'operator' });
  });

  it('a viewer is sent away from an operator page; an operator gets in', async () => {
    request.cookie = await sessionCookie({ kind: 'staff', sub: cast.viewer.id, role: 'operator', authAt: Date.now() });
    expect(await redirectOf(staffPage('operator'))).toBe('/staff?denied=1');
    expect(await redirectOf(staffPage('viewer'))).toBeNull();
    request.cookie = await sessionCookie({
      kind: 'staff',
      sub: cast.operator.id,
      role: 'operator',
      authAt: Date.now(),
    });
    expect(await redirectOf(staffPage('operator'))).toBeNull();
    expect(await redirectOf(staffPage('admin'))).toBe('/staff?denied=1');
  });

  it('the server action refuses a customer session inside the action (a public POST endpoint), audited, nothing else written', async () => {
    const action = staffAction(requestForcedReset);
    request.cookie = await sessionCookie({ kind: 'customer', sub: cast.demoLockedId, authAt: Date.now() + 5000 });
    const before = await snapshot(t.db);
    const res = await action(resetRequestInput(cast.demoLockedId));
    expect(res).toMatchObject({ ok: false, formError: 'unauthenticated' });
    const after = await snapshot(t.db);
    expect(changedTables(before, after)).toEqual(['audit_events', 'rate_limit_buckets']); // the refusal, aggregated per caller

    request.cookie = await sessionCookie({ kind: 'staff', sub: cast.viewer.id, role: 'admin', authAt: Date.now() });
    expect(await action(resetRequestInput(cast.demoLockedId))).toMatchObject({ ok: false, formError: 'forbidden' });

    // RT-44: the operator's password sign-in alone does not change anything …
    const passwordOnly = await staffSession(t.db, cast.operator);
    request.cookie = await sessionCookie({
      kind: 'staff',
      sub: cast.operator.id,
      role: 'operator',
      sid: passwordOnly.sid,
      authAt: Date.now(),
    });
    const beforeStepUp = await snapshot(t.db);
    expect(await action(resetRequestInput(cast.demoLockedId))).toMatchObject({
      ok: false,
      formError: 'step_up_required',
    });
    expect(changedTables(beforeStepUp, await snapshot(t.db))).toEqual(['audit_events']);
    // … a session with a fresh passkey step-up does.
    request.cookie = await sessionCookie({
      kind: 'staff',
      sub: cast.operator.id,
      role: 'operator',
      sid: cast.operator.sid,
      authAt: Date.now(),
    });
    expect(await action(resetRequestInput(cast.demoLockedId))).toMatchObject({ ok: true });
  });
});
