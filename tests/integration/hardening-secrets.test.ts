import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { posted } from '../support/form-data';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { customers, notificationOutbox } from '../../db/schema';
import type { Db } from '../../db/client';
import { newLockCode } from '../../lib/notify';
import { newReferenceNumber } from '../../lib/recovery';
import { newFlowToken, newOtpCode } from '../../lib/recovery/tokens';
import { withTestDatabase } from '../support/db';
import { dumpAllTables, occurrences } from '../support/hardening-faults';
import { callRoute, createCustomer, flowRow, freshIp, latestOtp } from '../support/recovery-helpers';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flow from '../../app/api/v1/recovery/flow/route';
import * as credentials from '../../app/api/v1/recovery/flow/credentials/route';
import * as secretQuestion from '../../app/api/v1/recovery/flow/secret-question/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as resend from '../../app/api/v1/recovery/flow/otp/resend/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';

/*
 * RT-32 secrets at rest and in transit: the emailed code, the flow token and the answers are stored
 * only as digests (checked by grepping a text dump of every table for the real values), every secret
 * is drawn from node:crypto, and no secret travels in a URL — the app sends the token in an
 * Authorization header, the web keeps it in an httpOnly, SameSite=Strict cookie. `Cache-Control:
 * no-store` and `Referrer-Policy: same-origin` on /recovery pages are asserted by
 * tests/unit/security-headers.test.ts (not repeated here).
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
afterEach(() => {
  vi.useRealTimers();
});

const root = path.resolve(import.meta.dirname, '..', '..');

describe('RT-32 secrets at rest', () => {
  it('RT-32 the flow token, every emailed code and the answers are stored only as digests: no plaintext in any table (a code only in its own email)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const c = await createCustomer(db);
    const ip = freshIp();
    const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
    const token = started.body.flowToken as string;
    const post = (route: { POST: (r: Request) => Promise<Response> }, p: string, body: unknown) =>
      callRoute(route.POST, { path: `/api/v1/recovery/flow/${p}`, token, ip, body });
    expect((await post(credentials, 'credentials', { loginId: c.loginId, password: c.password })).status).toBe(200);
    expect((await post(secretQuestion, 'secret-question', { answer: 'ﾀﾏ' })).status).toBe(401);
    expect((await post(secretQuestion, 'secret-question', { answer: ' ﾎﾟﾁ ' })).status).toBe(200);
    expect(
      (
        await post(accountData, 'account-data', {
          birthDate: c.birthDate,
          branchCode: c.branchCode,
          accountNumber: c.accountNumber,
        })
      ).status,
    ).toBe(200);
    const first = await latestOtp(db, c.email);
    const row = await flowRow(db, token);
    // Stored forms: sha-256 of the token; HMAC-SHA-256 (keyed, bound to the flow) of the code — not a bare hash of 6 digits.
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(row.otpHash).toBe(createHmac('sha256', process.env.AUTH_SECRET!).update(`${row.id}:${first}`).digest('hex'));
    expect(row.otpHash).not.toBe(createHash('sha256').update(first).digest('hex'));
    vi.setSystemTime(Date.now() + 61_000);
    expect(
      (await callRoute(resend.POST, { path: '/api/v1/recovery/flow/otp/resend', token, ip, body: {} })).status,
    ).toBe(200);
    const second = await latestOtp(db, c.email);
    expect((await post(otp, 'otp', { code: second })).status).toBe(200);
    expect((await post(complete, 'complete', { confirm: true })).status).toBe(200);

    const [cust] = await db.select().from(customers).where(eq(customers.id, c.id));
    for (const h of [cust.passwordHash, cust.secretAnswerHash, cust.lockCodeHash]) expect(h).toMatch(/^\$argon2id\$/);

    const dump = await dumpAllTables(db);
    const everywhere = Object.values(dump).join('\n');
    for (const [name, secret] of Object.entries({
      token,
      password: c.password,
      answer: c.answer,
      answerTyped: 'ﾎﾟﾁ',
      answerNormalized: 'ぽち',
      wrongAnswer: 'ﾀﾏ',
      wrongAnswerNormalized: 'たま',
    })) {
      expect({ name, n: occurrences(everywhere, secret) }).toEqual({ name, n: 0 });
    }
    // Each code exists in clear only in the email that carries it (the outbox row the relay sends).
    const otpMails = await db.select().from(notificationOutbox).where(eq(notificationOutbox.template, 'recovery_otp'));
    for (const code of [first, second]) {
      const others = Object.entries(dump)
        .filter(([t]) => t !== 'notification_outbox')
        .map(([t, text]) => [t, occurrences(text, code)]);
      expect(others.filter(([, n]) => n)).toEqual([]);
      expect(otpMails.filter((m) => occurrences(m.bodyText, code) > 0)).toHaveLength(1);
      expect(occurrences(dump.notification_outbox, code)).toBe(1);
    }
    // Birth date and account number are the customer's own record; they are copied nowhere else.
    for (const [t, text] of Object.entries(dump)) {
      if (t === 'customers') continue;
      expect({
        t,
        birthDate: occurrences(text, c.birthDate),
        accountNumber: occurrences(text, c.accountNumber),
      }).toEqual({ t, birthDate: 0, accountNumber: 0 });
    }
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('RT-32 secrets come from a CSPRNG', () => {
  it('RT-32 flow tokens, codes, reference numbers and lock codes are drawn with node:crypto randomBytes/randomInt; no Math.random in lib/ or app/', () => {
    const tokens = readFileSync(path.join(root, 'lib/recovery/tokens.ts'), 'utf8');
    const reset = readFileSync(path.join(root, 'lib/recovery/reset.ts'), 'utf8');
    const notify = readFileSync(path.join(root, 'lib/notify/index.ts'), 'utf8');
    expect(tokens).toMatch(/import \{[^}]*\brandomBytes\b[^}]*\brandomInt\b[^}]*\} from 'node:crypto'/);
    expect(tokens).toMatch(
      /export function newFlowToken\(\): string \{\s*return randomBytes\(32\)\.toString\('base64url'\);/,
    );
    expect(tokens).toMatch(/export function newOtpCode\(\): string \{\s*return String\(randomInt\(0, 1_000_000\)\)/);
    expect(reset).toMatch(/import \{ randomInt \} from 'node:crypto'/);
    expect(reset).toMatch(/REF_ALPHABET\[randomInt\(REF_ALPHABET\.length\)\]/);
    expect(notify).toMatch(/import \{ randomInt \} from 'node:crypto'/);
    expect(notify).toMatch(/LOCK_ALPHABET\[randomInt\(LOCK_ALPHABET\.length\)\]/);
    const offenders = [...sourceFiles(path.join(root, 'lib')), ...sourceFiles(path.join(root, 'app'))]
      .filter((f) => /Math\.random\s*\(/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);

    // And what they draw looks like it: 256-bit tokens, six digits with leading zeros kept, no repeats.
    const many = Array.from({ length: 2000 }, newFlowToken);
    expect(new Set(many).size).toBe(many.length);
    expect(many.every((t) => /^[A-Za-z0-9_-]{43}$/.test(t))).toBe(true);
    const codes = Array.from({ length: 2000 }, newOtpCode);
    expect(codes.every((x) => /^\d{6}$/.test(x))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(newReferenceNumber()).toMatch(/^R-\d{8}-[A-Z2-9]{6}$/);
    expect(newLockCode()).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  });
});

describe('RT-32 no secret in a URL', () => {
  it('RT-32 the JSON API reads the flow token only from the Authorization header: in the query string it is ignored', async () => {
    const ip = freshIp();
    const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
    const token = started.body.flowToken as string;
    expect(started.headers.get('location')).toBeNull();
    expect(started.headers.get('cache-control')).toBe('no-store');
    const q = `flowToken=${token}&token=${token}&access_token=${token}`;
    const viaQuery = await callRoute(flow.GET, { method: 'GET', path: `/api/v1/recovery/flow?${q}`, ip });
    expect(viaQuery.status).toBe(410);
    expect(viaQuery.body.error).toMatchObject({ code: 'flow_expired' });
    const postViaQuery = await callRoute(credentials.POST, {
      path: `/api/v1/recovery/flow/credentials?${q}`,
      ip,
      body: { loginId: 'x', password: 'y' },
    });
    expect(postViaQuery.status).toBe(410);
    const viaHeader = await callRoute(flow.GET, { method: 'GET', path: '/api/v1/recovery/flow', token, ip });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(viaHeader.body)).not.toContain(token);
  });

  it('RT-32 the web flow keeps its token in an httpOnly, SameSite=Strict cookie scoped to /recovery, Secure in production, and never in what the page receives', async () => {
    const env = process.env as Record<string, string | undefined>;
    const original = env.NODE_ENV;
    env.NODE_ENV = 'production';
    let res;
    try {
      res = await actions.startRecoveryAction();
    } finally {
      env.NODE_ENV = original;
    }
    const cookie = jar.get('lhp_recovery')!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.opts).toMatchObject({ httpOnly: true, sameSite: 'strict', secure: true, path: '/recovery' });
    expect(JSON.stringify(res)).not.toContain(cookie.value);
    // No step echoes it back either.
    const step = await actions.credentialsAction(...posted({ loginId: 'nobody', password: 'nope' }));
    expect(JSON.stringify(step)).not.toContain(cookie.value);
  });

  it('RT-32 no email carries a link (a secret can never ride in one)', async () => {
    const mails = await db.select({ body: notificationOutbox.bodyText }).from(notificationOutbox);
    expect(mails.length).toBeGreaterThan(0);
    for (const m of mails) expect(m.body).not.toMatch(/https?:\/\/|www\.|\?[a-z_]*token=/i);
  });
});
