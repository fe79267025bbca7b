import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import type { Db } from '../../db/client';
import { startFlow, submitCredentials, submitSecretAnswer } from '../../lib/recovery';
import { withTestDatabase, snapshot } from '../support/db';
import { callRoute, createCustomer, ctxFor, freshIp } from '../support/recovery-helpers';
import { socketHeaders } from '../support/socket';
import { isWellFormedText } from '../../lib/http/text';
import * as flows from '../../app/api/v1/recovery/flows/route';
import * as flowState from '../../app/api/v1/recovery/flow/route';
import * as credentials from '../../app/api/v1/recovery/flow/credentials/route';
import * as secretQuestion from '../../app/api/v1/recovery/flow/secret-question/route';
import * as accountData from '../../app/api/v1/recovery/flow/account-data/route';
import * as otp from '../../app/api/v1/recovery/flow/otp/route';
import * as complete from '../../app/api/v1/recovery/flow/complete/route';
import * as sessionPassword from '../../app/api/v1/session/password/route';
import * as feedback from '../../app/api/v1/help/feedback/route';

/*
 * RT-40 at the route handlers: bodies are counted as they are read and abandoned past 16 KiB (413,
 * never buffered); text that is not valid Unicode is a 400 before any attempt is counted, and where
 * lib/ is reached with it anyway the failure is audited like any other.
 */

let db: Db;
withTestDatabase((t) => {
  db = t.db;
});

const MB5 = 5 * 1024 * 1024;

/** A 5 MB JSON body streamed in 64 KiB chunks, remembering how much of it was ever pulled. */
function hugeStream(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
  let sent = 0;
  const head = new TextEncoder().encode('{"loginId":"');
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent === 0) {
          controller.enqueue(head);
          sent += head.byteLength;
          return;
        }
        if (sent >= MB5) {
          controller.close();
          return;
        }
        controller.enqueue(chunk);
        sent += chunk.byteLength;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

type Handler = (req: Request) => Promise<Response>;
const jsonRoutes: [string, Handler][] = [
  ['/api/v1/session/password', sessionPassword.POST as unknown as Handler],
  ['/api/v1/recovery/flow/credentials', credentials.POST as unknown as Handler],
  ['/api/v1/recovery/flow/secret-question', secretQuestion.POST as unknown as Handler],
  ['/api/v1/recovery/flow/account-data', accountData.POST as unknown as Handler],
  ['/api/v1/recovery/flow/otp', otp.POST as unknown as Handler],
  ['/api/v1/recovery/flow/complete', complete.POST as unknown as Handler],
  ['/api/v1/help/feedback', feedback.POST as unknown as Handler],
];

describe('RT-40 request bodies are capped while they are read', () => {
  for (const [path, handler] of jsonRoutes) {
    it(`RT-40 ${path}: a streamed 5 MB body is a 413 payload_too_large after reading at most 16 KiB + one chunk`, async () => {
      const s = await startFlow(db, ctxFor());
      if (!s.ok) throw new Error('start');
      const before = await snapshot(db);
      const body = hugeStream();
      const res = await handler(
        new Request(`http://localhost${path}`, {
          method: 'POST',
          body: body.stream,
          duplex: 'half',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${s.value.flowToken}`,
            origin: 'http://localhost',
            ...socketHeaders(freshIp()),
          },
        } as RequestInit),
      );
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(body.pulled()).toBeLessThan(16 * 1024 + 2 * 64 * 1024);
      expect(await snapshot(db)).toEqual(before);
    });

    it(`RT-40 ${path}: a declared Content-Length over 16 KiB is a 413 before a byte is read`, async () => {
      const body = hugeStream();
      const res = await handler(
        new Request(`http://localhost${path}`, {
          method: 'POST',
          body: body.stream,
          duplex: 'half',
          headers: { 'content-type': 'application/json', 'content-length': String(MB5), ...socketHeaders(freshIp()) },
        } as RequestInit),
      );
      expect(res.status).toBe(413);
      expect(body.pulled()).toBeLessThan(64 * 1024);
    });
  }

  it('RT-40 a body just under 16 KiB is read and judged on its content (400 for an over-long field, not 413)', async () => {
    const s = await startFlow(db, ctxFor());
    if (!s.ok) throw new Error('start');
    const res = await callRoute(credentials.POST, {
      path: '/api/v1/recovery/flow/credentials',
      token: s.value.flowToken,
      body: { loginId: 'a'.repeat(15_000), password: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_input', fields: { loginId: 'too_long' } });
  });
});

describe('RT-40 text that is not valid Unicode', () => {
  const raw = (loginId: string) => `{"loginId":"${loginId}","password":"Correct-horse-1!"}`;

  for (const [name, loginId] of [
    ['a lone high surrogate', 'demo\\ud800x'],
    ['a lone low surrogate', '\\udc00demo'],
    ['a NUL', 'de\\u0000mo'],
  ] as const) {
    it(`RT-40 ${name} in the login ID is a 400 invalid_input; no attempt is counted, nothing is written`, async () => {
      const c = await createCustomer(db);
      const ip = freshIp();
      const started = await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip });
      const token = started.body.flowToken as string;
      const before = await snapshot(db);
      const res = await callRoute(credentials.POST, {
        path: '/api/v1/recovery/flow/credentials',
        token,
        ip,
        rawBody: raw(loginId.replace('demo', c.loginId)),
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_input', fields: { loginId: 'format' } });
      expect(await snapshot(db)).toEqual(before);
      const state = await callRoute(flowState.GET, { method: 'GET', path: '/api/v1/recovery/flow', token, ip });
      expect(state.body).toMatchObject({ step: 'credentials', attemptsLeft: 5 });
    });
  }

  it('RT-40 a lone surrogate in any field, or in a key, of the JSON API is a 400 invalid_input', async () => {
    const c = await createCustomer(db);
    const ip = freshIp();
    const token = (await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip })).body.flowToken as string;
    const cases: [Handler, string, string, string][] = [
      [
        credentials.POST as unknown as Handler,
        'credentials',
        `{"loginId":"${c.loginId}","password":"pw\\udfff"}`,
        'password',
      ],
      [secretQuestion.POST as unknown as Handler, 'secret-question', '{"answer":"ぽ\\ud83d"}', 'answer'],
      [
        accountData.POST as unknown as Handler,
        'account-data',
        '{"birthDate":"1985-04-12","branchCode":"1\\u00000","accountNumber":"1234567"}',
        'branchCode',
      ],
      [otp.POST as unknown as Handler, 'otp', '{"code":"12345\\udc00"}', 'code'],
      [complete.POST as unknown as Handler, 'complete', '{"confirm":true,"\\ud800":1}', '_'],
    ];
    for (const [handler, step, body, field] of cases) {
      const res = await callRoute(handler, { path: `/api/v1/recovery/flow/${step}`, token, ip, rawBody: body });
      expect({ step, status: res.status, error: res.body.error }).toMatchObject({
        step,
        status: 400,
        error: { code: 'invalid_input', fields: { [field]: 'format' } },
      });
    }
    const login = await callRoute(sessionPassword.POST, {
      path: '/api/v1/session/password',
      ip,
      rawBody: '{"loginId":"demo-normal\\ud800","password":"x"}',
    });
    expect(login.status).toBe(400);
    expect(login.body.error).toMatchObject({ code: 'invalid_input' });
  });

  it('RT-40 bytes that are not UTF-8 are a 400 invalid_input, not a replacement character', async () => {
    const ip = freshIp();
    const token = (await callRoute(flows.POST, { path: '/api/v1/recovery/flows', ip })).body.flowToken as string;
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"answer":"'),
      0xed,
      0xa0,
      0x80,
      ...new TextEncoder().encode('"}'),
    ]);
    const res = await secretQuestion.POST(
      new Request('http://localhost/api/v1/recovery/flow/secret-question', {
        method: 'POST',
        body: bytes,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...socketHeaders(ip) },
      }),
    );
    expect(res.status).toBe(400);
  });

  it('RT-40 lib/ reached with a lone surrogate anyway (past the schema): the attempt it used is an audited failure, not a 503', async () => {
    const c = await createCustomer(db);
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    expect(
      await submitCredentials(db, s.value.flowToken, { loginId: `${c.loginId}\ud800`, password: c.password }, ctx),
    ).toMatchObject({ ok: false, error: { code: 'verification_failed', attemptsLeft: 4 } });
    const rows = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.flowId, s.value.flowId))
      .orderBy(asc(auditEvents.id));
    const failed = rows.filter((r) => r.action === 'recovery.verification_failed');
    // Stored as well-formed text (escaped or replaced), never refused by the jsonb column.
    expect(failed).toHaveLength(1);
    const logged = (failed[0].details as { loginId?: string }).loginId ?? '';
    expect(logged.startsWith(c.loginId) && logged.length > c.loginId.length).toBe(true);
    expect(isWellFormedText(logged)).toBe(true);
    // The answer step takes free text too.
    expect(
      await submitCredentials(db, s.value.flowToken, { loginId: c.loginId, password: c.password }, ctx),
    ).toMatchObject({ ok: true });
    expect(await submitSecretAnswer(db, s.value.flowToken, { answer: 'ポチ\udc00' }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'verification_failed', attemptsLeft: 3 },
    });
  });

  it('RT-40 lib/ reached with a NUL anyway: the database refuses the whole statement, so no attempt is counted (the schema answers 400 first)', async () => {
    const c = await createCustomer(db);
    const ctx = ctxFor();
    const s = await startFlow(db, ctx);
    if (!s.ok) throw new Error('start');
    const before = await snapshot(db);
    await expect(
      submitCredentials(db, s.value.flowToken, { loginId: `${c.loginId}\u0000`, password: c.password }, ctx),
    ).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
  });
});
