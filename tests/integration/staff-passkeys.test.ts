import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { authSessions, staffEnrollmentCodes, staffPasskeys } from '../../db/schema';
import { resetEnvCache } from '../../lib/config/env';
import { finishAuthentication, startAuthentication } from '../../lib/passkeys';
import { requestForcedReset } from '../../lib/staff/forced-reset';
import {
  finishStaffPasskeyEnrollment,
  finishStaffStepUp,
  issueEnrollmentCode,
  myStaffPasskeys,
  startStaffPasskeyEnrollment,
  startStaffStepUp,
} from '../../lib/staff/passkeys';
import { changedTables, createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { addSoftPasskey, assertion } from '../support/recovery-webauthn';
import {
  auditCount,
  lastAudit,
  makeStaff,
  resetRequestInput,
  seedStaffCast,
  staffSession,
  type StaffCast,
  type StaffPrincipal,
} from '../support/staff-fixtures';
import {
  authenticationResponse,
  newSoftStaffKey,
  registrationResponse,
  type SoftStaffKey,
} from '../support/staff-webauthn';

let t: TestDatabase;
let cast: StaffCast; // stepped-up sessions (the admin issues codes)
const ctx = { ip: '198.51.100.45', userAgent: 'staff-passkeys' };
const TABLES = [
  'staff_passkeys',
  'staff_enrollment_codes',
  'auth_sessions',
  'staff_users',
  'customers',
  'passkeys',
  'staff_reset_requests',
];

function setDemoMode(on: boolean) {
  if (on) process.env.DEMO_MODE = '1';
  else delete process.env.DEMO_MODE;
  resetEnvCache();
}

beforeAll(async () => {
  setDemoMode(false);
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
});
afterEach(() => setDemoMode(false));
afterAll(async () => {
  await t?.drop();
  setDemoMode(false);
});

async function issue(forId: string): Promise<string> {
  const res = await issueEnrollmentCode(t.db, cast.admin, { staffId: forId }, ctx);
  if (!res.ok) throw new Error(`issue: ${JSON.stringify(res)}`);
  return res.data.code;
}

/** The whole registration as the browser runs it; returns the finish result. */
async function enroll(p: StaffPrincipal, key: SoftStaffKey, code?: string, opts: { uv?: boolean } = {}) {
  const start = await startStaffPasskeyEnrollment(t.db, p, code === undefined ? {} : { code }, ctx);
  if (!start.ok) return start;
  return finishStaffPasskeyEnrollment(
    t.db,
    p,
    {
      challengeId: start.data.challengeId,
      response: registrationResponse(key, start.data.options.challenge, opts),
      ...(code === undefined ? {} : { code }),
    },
    ctx,
  );
}

async function stepUp(p: StaffPrincipal, key: SoftStaffKey, opts: { uv?: boolean } = {}) {
  const start = await startStaffStepUp(t.db, p, ctx);
  if (!start.ok) return start;
  return finishStaffStepUp(
    t.db,
    p,
    { challengeId: start.data.challengeId, response: authenticationResponse(key, start.data.options.challenge, opts) },
    ctx,
  );
}

describe('staff passkey enrollment with an admin-issued one-time code', () => {
  it('without a code an operator cannot register (outside the demo); nothing is stored', async () => {
    const before = await snapshot(t.db, TABLES);
    expect(await enroll(cast.operator, newSoftStaffKey())).toMatchObject({
      ok: false,
      code: 'enrollment_code_invalid',
    });
    expect(changedTables(before, await snapshot(t.db, TABLES))).toEqual([]);
    expect((await lastAudit(t.db)).action).toBe('staff.passkey.enroll_refused');
  });

  it('an admin issues a code for another member: shown once, stored hashed, 24 h, audited without the code', async () => {
    const res = await issueEnrollmentCode(t.db, cast.admin, { staffId: cast.operator.id }, ctx);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    const rows = await t.db
      .select()
      .from(staffEnrollmentCodes)
      .where(eq(staffEnrollmentCodes.staffId, cast.operator.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ issuedBy: cast.admin.id, usedAt: null });
    expect(rows[0].codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].codeHash).not.toContain(res.data.code.replace(/-/g, ''));
    const ttl = rows[0].expiresAt.getTime() - rows[0].createdAt.getTime();
    expect(ttl).toBe(24 * 3600_000);
    const ev = await lastAudit(t.db);
    expect(ev).toMatchObject({
      action: 'staff.passkey.code_issued',
      actorId: cast.admin.id,
      details: { staffId: cast.operator.id, by: '田中 管理者' },
    });
    expect(JSON.stringify(ev.details)).not.toContain(res.data.code.replace(/-/g, '').slice(0, 10));
  });

  it('an admin cannot issue a code for themselves; an operator cannot issue one at all', async () => {
    expect(await issueEnrollmentCode(t.db, cast.admin, { staffId: cast.admin.id }, ctx)).toMatchObject({
      ok: false,
      code: 'self_change',
    });
    expect(await issueEnrollmentCode(t.db, cast.operator, { staffId: cast.operator2.id }, ctx)).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
  });

  it('attacker: another member’s code does not register a passkey for me; nothing is used up', async () => {
    const code = await issue(cast.operator2.id);
    const before = await snapshot(t.db, TABLES);
    expect(await enroll(cast.operator, newSoftStaffKey(), code)).toMatchObject({
      ok: false,
      code: 'enrollment_code_invalid',
    });
    expect(changedTables(before, await snapshot(t.db, TABLES))).toEqual([]);
    // The rightful owner can still use it.
    expect(await enroll(cast.operator2, newSoftStaffKey(), code)).toMatchObject({ ok: true });
  });

  it('the right code, typed with spaces and lower case, registers a UV passkey once; the code is then used up', async () => {
    const code = await issue(cast.operator.id);
    const key = newSoftStaffKey();
    expect(await enroll(cast.operator, key, ` ${code.toLowerCase().replace(/-/g, ' ')} `)).toMatchObject({
      ok: true,
      data: { credentialId: key.credentialId },
    });
    const [row] = await t.db.select().from(staffPasskeys).where(eq(staffPasskeys.credentialId, key.credentialId));
    expect(row).toMatchObject({ staffId: cast.operator.id, revokedAt: null });
    const codes = await t.db
      .select()
      .from(staffEnrollmentCodes)
      .where(and(eq(staffEnrollmentCodes.staffId, cast.operator.id)));
    expect(codes.filter((c) => c.usedAt)).toHaveLength(1);
    expect(await lastAudit(t.db)).toMatchObject({
      action: 'staff.passkey.registered',
      actorId: cast.operator.id,
      details: { codeIssuedBy: cast.admin.id, demo: false },
    });
    // Attacker: the same code replayed.
    const before = await snapshot(t.db, TABLES);
    expect(await enroll(cast.operator, newSoftStaffKey(), code)).toMatchObject({
      ok: false,
      code: 'enrollment_code_invalid',
    });
    expect(changedTables(before, await snapshot(t.db, TABLES))).toEqual([]);
    const mine = await myStaffPasskeys(t.db, cast.operator, 'ja', ctx);
    expect(mine).toMatchObject({
      ok: true,
      data: { codeRequired: true, passkeys: [{ credentialId: key.credentialId }] },
    });
  });

  it('attacker: two registrations racing with one code: exactly one passkey is stored', async () => {
    const member = await makeStaff(t.db, 'operator');
    const code = await issue(member.id);
    const [a, b] = [
      await startStaffPasskeyEnrollment(t.db, member, { code }, ctx),
      await startStaffPasskeyEnrollment(t.db, member, { code }, ctx),
    ];
    if (!a.ok || !b.ok) throw new Error('start');
    const results = await Promise.all(
      [a, b].map((s) =>
        finishStaffPasskeyEnrollment(
          t.db,
          member,
          {
            challengeId: s.data.challengeId,
            response: registrationResponse(newSoftStaffKey(), s.data.options.challenge),
            code,
          },
          ctx,
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: 'enrollment_code_invalid' })]);
    expect(await t.db.select().from(staffPasskeys).where(eq(staffPasskeys.staffId, member.id))).toHaveLength(1);
  });

  it('without user verification, or from another origin, nothing is registered and the code stays usable', async () => {
    const member = await makeStaff(t.db, 'operator');
    const code = await issue(member.id);
    expect(await enroll(member, newSoftStaffKey(), code, { uv: false })).toMatchObject({
      ok: false,
      code: 'passkey_failed',
    });
    const start = await startStaffPasskeyEnrollment(t.db, member, { code }, ctx);
    if (!start.ok) throw new Error('start');
    expect(
      await finishStaffPasskeyEnrollment(
        t.db,
        member,
        {
          challengeId: start.data.challengeId,
          response: registrationResponse(newSoftStaffKey(), start.data.options.challenge, {
            origin: 'https://evil.example',
          }),
          code,
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'passkey_failed' });
    expect(await t.db.select().from(staffPasskeys).where(eq(staffPasskeys.staffId, member.id))).toHaveLength(0);
    expect(await enroll(member, newSoftStaffKey(), code)).toMatchObject({ ok: true });
  });

  it('an expired code, or one replaced by a newer code, is refused', async () => {
    const member = await makeStaff(t.db, 'operator');
    const old = await issue(member.id);
    const fresh = await issue(member.id);
    expect(await enroll(member, newSoftStaffKey(), old)).toMatchObject({ ok: false, code: 'enrollment_code_invalid' });
    await t.db
      .update(staffEnrollmentCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(staffEnrollmentCodes.staffId, member.id));
    expect(await enroll(member, newSoftStaffKey(), fresh)).toMatchObject({
      ok: false,
      code: 'enrollment_code_invalid',
    });
  });

  it('malformed codes and oversized input are invalid_input, never a 500', async () => {
    for (const code of ['', 'short', 'O'.repeat(20), 'x'.repeat(65), '\u0000'.repeat(20)]) {
      expect(await startStaffPasskeyEnrollment(t.db, cast.operator, { code }, ctx)).toMatchObject({
        ok: false,
        code: 'invalid_input',
      });
    }
    expect(
      await finishStaffPasskeyEnrollment(t.db, cast.operator, { challengeId: 'nope', response: {} }, ctx),
    ).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('under DEMO_MODE=1 the seeded demo staff register without a code; an account made in the console still needs one', async () => {
    setDemoMode(true);
    const key = newSoftStaffKey();
    expect(await enroll(cast.admin, key)).toMatchObject({ ok: true });
    expect(await lastAudit(t.db)).toMatchObject({
      action: 'staff.passkey.registered',
      details: { demo: true, codeId: null },
    });
    const made = await makeStaff(t.db, 'operator', { createdBy: cast.admin.id });
    expect(await enroll(made, newSoftStaffKey())).toMatchObject({ ok: false, code: 'enrollment_code_invalid' });
  });
});

describe('staff step-up with a passkey (UV), recorded on this session only', () => {
  let member: StaffPrincipal;
  let key: SoftStaffKey;
  beforeAll(async () => {
    const m = await makeStaff(t.db, 'operator');
    key = newSoftStaffKey();
    const r = await enroll(m, key, await issue(m.id));
    if (!r.ok) throw new Error('enroll');
    member = await staffSession(t.db, m); // a fresh sign-in: password only
  });

  it('a member without a staff passkey is told to register one', async () => {
    const bare = await makeStaff(t.db, 'operator', { stepUp: false });
    expect(await startStaffStepUp(t.db, bare, ctx)).toMatchObject({ ok: false, code: 'no_passkey' });
  });

  it('the options allow only this member’s own staff passkeys and require user verification', async () => {
    const start = await startStaffStepUp(t.db, member, ctx);
    expect(start).toMatchObject({
      ok: true,
      data: { options: { userVerification: 'required', allowCredentials: [{ id: key.credentialId }] } },
    });
  });

  it('a password-only session is refused; after the passkey assertion the same action runs', async () => {
    expect(await requestForcedReset(t.db, member, resetRequestInput(cast.demoNormalId), ctx)).toMatchObject({
      ok: false,
      code: 'step_up_required',
    });
    expect(await stepUp(member, key)).toMatchObject({ ok: true, data: { validForSeconds: 300 } });
    expect(await lastAudit(t.db)).toMatchObject({ action: 'staff.step_up.succeeded', actorId: member.id });
    expect(
      await requestForcedReset(t.db, member, resetRequestInput(cast.demoNormalId, { caseNumber: 'C-STEPUP-1' }), ctx),
    ).toMatchObject({ ok: true });
  });

  it('attacker: an assertion without user verification does not step up', async () => {
    const s = await staffSession(t.db, member);
    expect(await stepUp(s, key, { uv: false })).toMatchObject({ ok: false, code: 'passkey_failed' });
    const [row] = await t.db.select().from(authSessions).where(eq(authSessions.id, s.sid!));
    expect(row.stepUpAt).toBeNull();
  });

  it('attacker: a replayed assertion (its challenge already used) is refused', async () => {
    const s = await staffSession(t.db, member);
    const start = await startStaffStepUp(t.db, s, ctx);
    if (!start.ok) throw new Error('start');
    const response = authenticationResponse(key, start.data.options.challenge);
    expect(await finishStaffStepUp(t.db, s, { challengeId: start.data.challengeId, response }, ctx)).toMatchObject({
      ok: true,
    });
    const other = await staffSession(t.db, member);
    expect(await finishStaffStepUp(t.db, other, { challengeId: start.data.challengeId, response }, ctx)).toMatchObject({
      ok: false,
      code: 'passkey_failed',
    });
    const [row] = await t.db.select().from(authSessions).where(eq(authSessions.id, other.sid!));
    expect(row.stepUpAt).toBeNull();
  });

  it('attacker: another member’s challenge, a customer’s challenge, or a customer passkey never step up a staff session', async () => {
    const s = await staffSession(t.db, member);
    const theirs = await startStaffStepUp(t.db, await staffSession(t.db, cast.operator), ctx);
    if (!theirs.ok) throw new Error('start');
    expect(
      await finishStaffStepUp(
        t.db,
        s,
        { challengeId: theirs.data.challengeId, response: authenticationResponse(key, theirs.data.options.challenge) },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'passkey_failed' });
    const customerChallenge = await startAuthentication(t.db, { ip: ctx.ip });
    expect(
      await finishStaffStepUp(
        t.db,
        s,
        {
          challengeId: customerChallenge.challengeId,
          response: authenticationResponse(key, customerChallenge.options.challenge),
        },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'passkey_failed' });
    const customerKey = await addSoftPasskey(t.db, cast.demoNormalId);
    const mine = await startStaffStepUp(t.db, s, ctx);
    if (!mine.ok) throw new Error('start');
    expect(
      await finishStaffStepUp(
        t.db,
        s,
        { challengeId: mine.data.challengeId, response: assertion(customerKey, mine.data.options.challenge) },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'passkey_failed' });
    expect((await lastAudit(t.db)).details).toMatchObject({ reason: 'unknown_credential' });
    const [row] = await t.db.select().from(authSessions).where(eq(authSessions.id, s.sid!));
    expect(row.stepUpAt).toBeNull();
  });

  it('attacker: a staff step-up challenge does not sign a customer in', async () => {
    const s = await staffSession(t.db, member);
    const start = await startStaffStepUp(t.db, s, ctx);
    if (!start.ok) throw new Error('start');
    const customerKey = await addSoftPasskey(t.db, cast.demoNormalId);
    await expect(
      finishAuthentication(
        t.db,
        { challengeId: start.data.challengeId, response: assertion(customerKey, start.data.options.challenge) },
        { ip: ctx.ip },
      ),
    ).rejects.toMatchObject({ code: 'challenge_invalid' });
  });

  it('attacker: a customer session, no session, or an ended session cannot step up', async () => {
    const start = await startStaffStepUp(t.db, member, ctx);
    if (!start.ok) throw new Error('start');
    const response = authenticationResponse(key, start.data.options.challenge);
    expect(
      await finishStaffStepUp(
        t.db,
        { kind: 'customer', id: cast.demoNormalId },
        { challengeId: start.data.challengeId, response },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await finishStaffStepUp(t.db, null, { challengeId: start.data.challengeId, response }, ctx)).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    const ended = await staffSession(t.db, member);
    const s2 = await startStaffStepUp(t.db, ended, ctx);
    if (!s2.ok) throw new Error('start');
    await t.db.update(authSessions).set({ endedAt: new Date() }).where(eq(authSessions.id, ended.sid!));
    expect(
      await finishStaffStepUp(
        t.db,
        ended,
        { challengeId: s2.data.challengeId, response: authenticationResponse(key, s2.data.options.challenge) },
        ctx,
      ),
    ).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  it('a revoked staff passkey no longer steps up', async () => {
    await t.db
      .update(staffPasskeys)
      .set({ revokedAt: new Date() })
      .where(eq(staffPasskeys.credentialId, key.credentialId));
    const s = await staffSession(t.db, member);
    expect(await stepUp(s, key)).toMatchObject({ ok: false, code: 'no_passkey' });
    expect(await auditCount(t.db, 'staff.step_up.succeeded')).toBeGreaterThan(0);
  });
});
