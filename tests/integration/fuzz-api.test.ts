import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NextRequest } from 'next/server';
import { seedDemo } from '@/db/seed/demo';
import { syncHelpArticles } from '@/lib/help/sync';
import { POST as sessionPassword } from '@/app/api/v1/session/password/route';
import { POST as startFlow } from '@/app/api/v1/recovery/flows/route';
import { GET as flowState } from '@/app/api/v1/recovery/flow/route';
import { POST as credentials } from '@/app/api/v1/recovery/flow/credentials/route';
import { POST as secretQuestion } from '@/app/api/v1/recovery/flow/secret-question/route';
import { POST as accountData } from '@/app/api/v1/recovery/flow/account-data/route';
import { POST as otp } from '@/app/api/v1/recovery/flow/otp/route';
import { POST as otpResend } from '@/app/api/v1/recovery/flow/otp/resend/route';
import { POST as complete } from '@/app/api/v1/recovery/flow/complete/route';
import { GET as helpSearch } from '@/app/api/v1/help/search/route';
import { credentialsSchema, accountDataSchema, otpSchema, secretQuestionSchema } from '@/lib/recovery/schemas';
import { passwordLoginSchema, staffLoginSchema } from '@/lib/auth/schemas';
import { createTestDatabase, snapshot, type TestDatabase } from '../support/db';
import { socketHeaders } from '../support/socket';

// Property-based fuzzing of every JSON endpoint and form schema: random, oversized, wrong-typed and
// unicode-edge input (combining marks, RTL, NUL, lone surrogates) never yields a 500 or a stack
// trace, and input refused as invalid changes no row.

let t: TestDatabase;
let token = '';
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

beforeAll(async () => {
  process.env.IP_MAX_FLOWS_PER_HOUR = '100000';
  process.env.IP_MAX_ATTEMPTS_PER_HOUR = '100000';
  process.env.IP_MAX_LOGINS_PER_HOUR = '100000';
  process.env.FLOW_MAX_FAILURES = '100000';
  process.env.ACCOUNT_MAX_FAILURES = '100000';
  (await import('@/lib/config/env')).resetEnvCache();
  t = await createTestDatabase();
  await seedDemo(t.db);
  await syncHelpArticles(t.db);
  const res = await startFlow(
    new Request('http://localhost/api/v1/recovery/flows', {
      method: 'POST',
      body: '{}',
      headers: socketHeaders('203.0.113.9'),
    }),
  );
  token = (await res.json()).flowToken;
});
afterAll(async () => {
  for (const k of [
    'IP_MAX_FLOWS_PER_HOUR',
    'IP_MAX_ATTEMPTS_PER_HOUR',
    'IP_MAX_LOGINS_PER_HOUR',
    'FLOW_MAX_FAILURES',
    'ACCOUNT_MAX_FAILURES',
  ])
    delete process.env[k];
  (await import('@/lib/config/env')).resetEnvCache();
  await t?.drop();
});

const edgeChars = fc.constantFrom(
  '\u0000',
  '\u0301',
  '\u202e',
  '\u200f',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\r\n',
  '<script>',
  "'; drop table customers; --",
  'ﾊﾟｽｷｰ',
  '𠮷',
  '\\',
  '"',
  '%00',
  '{{',
  '${',
);
const edgeString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(edgeChars, { maxLength: 12 }).map((a) => a.join('')),
  fc.nat({ max: 20_000 }).map((n) => 'あ'.repeat(n)),
);
const anyValue = fc.oneof(
  edgeString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(edgeString, { maxLength: 3 }),
  fc.dictionary(edgeString, edgeString, { maxKeys: 3 }),
);
const fields = [
  'loginId',
  'password',
  'answer',
  'birthDate',
  'branchCode',
  'accountNumber',
  'code',
  'confirm',
  'customerId',
  'step',
  'email',
  '__proto__',
  'constructor',
];
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields), anyValue, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  anyValue.map((v) => JSON.stringify(v)),
  edgeString,
  fc.constant('{"loginId": "demo-normal", "password": '),
);

type Handler = (req: Request) => Promise<Response>;
const endpoints: [string, Handler][] = [
  ['/api/v1/session/password', sessionPassword],
  ['/api/v1/recovery/flow/credentials', credentials],
  ['/api/v1/recovery/flow/secret-question', secretQuestion],
  ['/api/v1/recovery/flow/account-data', accountData],
  ['/api/v1/recovery/flow/otp', otp],
  ['/api/v1/recovery/flow/otp/resend', otpResend],
  ['/api/v1/recovery/flow/complete', complete],
];

const WATCHED = ['customers', 'passkeys', 'notification_outbox', 'staff_users', 'staff_reset_requests'];

async function expectClean(res: Response) {
  expect(res.status).toBeLessThan(500);
  const text = await res.text();
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)|node_modules|Error:/);
  if (res.status >= 400) expect(JSON.parse(text).error.code).toMatch(/^[a-z_]+$/);
  return res.status;
}

describe('fuzzing the JSON API (fast-check)', () => {
  for (const [path, handler] of endpoints) {
    it(`${path}: never a 500 or a stack trace; invalid input changes nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(body, fc.option(edgeString.filter((s) => s.length < 200)), async (raw, auth) => {
          const before = await snapshot(t.db, WATCHED);
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            ...socketHeaders('203.0.113.9'),
          };
          const bearer = auth === null ? token : auth;
          if (/^[\x20-\x7e]*$/.test(bearer)) headers.authorization = `Bearer ${bearer}`;
          const status = await expectClean(
            await handler(new Request(`http://localhost${path}`, { method: 'POST', body: raw, headers })),
          );
          if (status === 400) expect(await snapshot(t.db, WATCHED)).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('GET /api/v1/recovery/flow with any bearer value answers cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(edgeString, async (bearer) => {
        const headers: Record<string, string> = {};
        if (/^[\x20-\x7e]*$/.test(bearer)) headers.authorization = `Bearer ${bearer}`;
        await expectClean(await flowState(new Request('http://localhost/api/v1/recovery/flow', { headers })));
      }),
      { numRuns: RUNS },
    );
  });

  it('GET /api/v1/help/search answers any query with results or an empty list, never HTML from the query', async () => {
    await fc.assert(
      fc.asyncProperty(edgeString, fc.constantFrom('ja', 'en', 'xx', ''), async (q, lang) => {
        const url = new URL('http://localhost/api/v1/help/search');
        url.searchParams.set('q', q.replace(/[\ud800-\udfff]/g, ''));
        url.searchParams.set('lang', lang);
        // A client of its own per run: the per-client search limit is tested elsewhere (bounded-growth).
        const ip = `10.9.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`;
        const res = await helpSearch(new NextRequest(url, { headers: socketHeaders(ip) }));
        expect(res.status).toBe(200);
        const json = await res.json();
        expect(Array.isArray(json.results)).toBe(true);
        for (const r of json.results) expect(r.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/<[a-z/!]/i);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzzing the form schemas shared by server actions', () => {
  const schemas = {
    credentialsSchema,
    accountDataSchema,
    otpSchema,
    secretQuestionSchema,
    passwordLoginSchema,
    staffLoginSchema,
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name} never throws, whatever it is given`, () => {
      fc.assert(
        fc.property(fc.oneof(anyValue, fc.dictionary(fc.constantFrom(...fields), anyValue)), (input) => {
          const r = schema.safeParse(input);
          expect(typeof r.success).toBe('boolean');
        }),
        { numRuns: RUNS * 5 },
      );
    });
  }
});
