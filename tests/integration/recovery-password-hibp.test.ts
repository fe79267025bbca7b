import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { resetEnvCache } from '../../lib/config/env';
import { submitNewPassword } from '../../lib/recovery';
import { withTestDatabase } from '../support/db';
import { callRoute, flowRow } from '../support/recovery-helpers';
import { createPinCustomer, passwordFlowAt, STRONG_PASSWORD } from '../support/password-flow';
import * as newPasswordRoute from '../../app/api/v1/recovery/flow/new-password/route';

/*
 * The optional Have I Been Pwned range check of a new password (docs/design.md#forgotten-password), behind
 * PWNED_PASSWORDS_CHECK=1, against a local range server (node:http) that answers like the real one:
 * `SUFFIX:COUNT` lines, CRLF, with padding entries (count 0). The base URL is PWNED_PASSWORDS_URL.
 * It fails open: an error, a refused connection or a timeout never blocks the customer (the local rules
 * still apply), and a timeout ends the request instead of holding the step.
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

const BREACHED = 'tangerine-Lamp-4-vault';
const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex').toUpperCase();

type Mode = 'range' | 'error' | 'slow-headers' | 'slow-body';
type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

let mode: Mode = 'range';
let seen: Seen[] = [];
let openSockets = 0;
const stalled: ServerResponse[] = [];
let server: Server;
let base = '';

/** A range answer: the breached suffix with its count, every other hash of this prefix as padding (count 0). */
function rangeBody(prefix: string): string {
  const hit = sha1(BREACHED);
  const lines: string[] = [];
  for (let i = 0; i < 40; i++)
    lines.push(`${createHash('sha1').update(`pad-${i}`).digest('hex').toUpperCase().slice(5)}:0`);
  if (hit.startsWith(prefix)) lines.splice(17, 0, `${hit.slice(5)}:52314`);
  // A padding entry for the clean password's own suffix: count 0 means "not breached".
  const clean = sha1(STRONG_PASSWORD);
  if (clean.startsWith(prefix)) lines.splice(3, 0, `${clean.slice(5)}:0`);
  return lines.join('\r\n');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
      if (mode === 'error') return void res.writeHead(503).end('Service Unavailable');
      if (mode === 'slow-headers') return void stalled.push(res);
      if (mode === 'slow-body') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n');
        return void stalled.push(res);
      }
      if (!prefix) return void res.writeHead(400).end('The hash prefix was not in a valid format');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(rangeBody(prefix));
    });
  });
  server.on('connection', (socket) => {
    openSockets++;
    socket.on('close', () => openSockets--);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/range/`;
});

afterAll(async () => {
  for (const res of stalled) res.destroy();
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
  for (const k of ['PWNED_PASSWORDS_CHECK', 'PWNED_PASSWORDS_URL', 'PWNED_PASSWORDS_TIMEOUT_MS']) delete process.env[k];
  resetEnvCache();
});

function configure(env: { check?: string; url?: string; timeoutMs?: string }): void {
  process.env.PWNED_PASSWORDS_CHECK = env.check ?? '1';
  process.env.PWNED_PASSWORDS_URL = env.url ?? base;
  process.env.PWNED_PASSWORDS_TIMEOUT_MS = env.timeoutMs ?? '2000';
  resetEnvCache();
}

beforeEach(() => {
  mode = 'range';
  seen = [];
  configure({});
});
afterEach(() => {
  for (const res of stalled.splice(0)) res.destroy();
});

async function atNewPassword() {
  const c = await createPinCustomer(db);
  const f = await passwordFlowAt(db, c, 'new_password');
  return { c, f, ctx: f.later! };
}

describe('Have I Been Pwned range check (PWNED_PASSWORDS_CHECK=1, PWNED_PASSWORDS_URL)', () => {
  it('a breached password is refused with the reason "breached" (400 weak_password); nothing changes', async () => {
    const { f } = await atNewPassword();
    const r = await callRoute(newPasswordRoute.POST, {
      path: '/api/v1/recovery/flow/new-password',
      token: f.token,
      body: { password: BREACHED, confirmPassword: BREACHED },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'weak_password', reasons: ['breached'] });
    expect((await flowRow(db, f.token)).step).toBe('new_password');
    expect(seen).toHaveLength(1);
  });

  it('a clean password is accepted, even when its suffix is listed as a padding entry (count 0)', async () => {
    const { f, ctx } = await atNewPassword();
    const r = await submitNewPassword(
      db,
      f.token,
      { password: STRONG_PASSWORD, confirmPassword: STRONG_PASSWORD },
      ctx,
    );
    expect(r).toMatchObject({ ok: true, value: { step: 'review' } });
    expect(seen).toHaveLength(1);
  });

  it('only the 5-character SHA-1 prefix leaves: no suffix, no password, no body; padding asked for', async () => {
    const { f, ctx } = await atNewPassword();
    // Full-width input is checked in its NFKC form, like every customer password.
    const typed = BREACHED.replace('4', '４');
    const r = await submitNewPassword(db, f.token, { password: typed, confirmPassword: typed }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'weak_password', reasons: ['breached'] } });
    expect(seen).toHaveLength(1);
    const [req] = seen;
    const hash = sha1(BREACHED);
    expect(req.method).toBe('GET');
    expect(req.url).toBe(`/range/${hash.slice(0, 5)}`);
    expect(req.body).toBe('');
    expect(req.headers['add-padding']).toBe('true');
    const everything = JSON.stringify(req).toUpperCase();
    expect(everything).not.toContain(hash.slice(5, 15));
    expect(everything).not.toContain(BREACHED.toUpperCase());
    expect(everything).not.toContain('TANGERINE');
  });

  it('a password the local rules refuse is never sent out', async () => {
    const { f, ctx } = await atNewPassword();
    const r = await submitNewPassword(db, f.token, { password: 'password1234', confirmPassword: 'password1234' }, ctx);
    expect(r).toMatchObject({ ok: false, error: { code: 'weak_password', reasons: ['common'] } });
    expect(seen).toHaveLength(0);
  });

  it('with PWNED_PASSWORDS_CHECK off (the default) nothing is asked', async () => {
    configure({ check: '0' });
    const { f, ctx } = await atNewPassword();
    const r = await submitNewPassword(db, f.token, { password: BREACHED, confirmPassword: BREACHED }, ctx);
    expect(r).toMatchObject({ ok: true, value: { step: 'review' } });
    expect(seen).toHaveLength(0);
  });

  it('fails open: a 503 answer lets the customer go on', async () => {
    mode = 'error';
    const { f, ctx } = await atNewPassword();
    const r = await submitNewPassword(db, f.token, { password: BREACHED, confirmPassword: BREACHED }, ctx);
    expect(r).toMatchObject({ ok: true, value: { step: 'review' } });
    expect(seen).toHaveLength(1);
  });

  it('fails open: a server that is down (connection refused) lets the customer go on', async () => {
    const down = createServer();
    await new Promise<void>((r) => down.listen(0, '127.0.0.1', r));
    const port = (down.address() as AddressInfo).port;
    await new Promise((r) => down.close(r));
    configure({ url: `http://127.0.0.1:${port}/range/` });
    const { f, ctx } = await atNewPassword();
    const r = await submitNewPassword(db, f.token, { password: BREACHED, confirmPassword: BREACHED }, ctx);
    expect(r).toMatchObject({ ok: true, value: { step: 'review' } });
  });

  it.each(['slow-headers', 'slow-body'] as const)(
    'fails open: a server that never finishes (%s) is cut off at PWNED_PASSWORDS_TIMEOUT_MS; the step answers',
    async (slow) => {
      mode = slow;
      configure({ timeoutMs: '300' });
      const { f, ctx } = await atNewPassword();
      // No timed assertion: a step that waited for the server would never answer (the server never does).
      const r = await submitNewPassword(db, f.token, { password: BREACHED, confirmPassword: BREACHED }, ctx);
      expect(r).toMatchObject({ ok: true, value: { step: 'review' } });
      expect(seen).toHaveLength(1);
      expect(stalled).toHaveLength(1);
      // The request was abandoned, not left open behind the customer's back.
      await expect.poll(() => stalled[0].socket?.destroyed ?? true).toBe(true);
    },
  );
});
