// HTTP load on the built app over PostgreSQL: pages, the search API and whole recovery flows through the JSON API.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client';
import { customers } from '../db/schema';
import { claimLoginAttempt, recordLoginSuccess } from '../lib/auth/login-throttle';
import { hashSecret } from '../lib/auth/password';
import { normalizeAnswer } from '../lib/recovery/normalize';
import { startServer } from '../tests/e2e/server';
import { addSyntheticArticles, measureHelpHttp } from './help';
import { closedLoop, percentile } from './http-client';
import { rssMiB, withScratchDatabase } from './scratch';
import { HELP_QUERIES, HELP_QUERIES_HOLDOUT } from '../tests/support/help-queries';

const HELP_QUERY_COUNT = HELP_QUERIES.length + HELP_QUERIES_HOLDOUT.length;

const LEVELS = [20, 50, 100];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

type Row = Record<string, string | number>;

/** Closed-loop load on one GET path (see http-client.ts). */
async function cannon(url: string, connections: number) {
  const u = new URL(url);
  return closedLoop(u.origin, () => u.pathname + u.search, connections, SECONDS);
}

async function json(base: string, path: string, init: RequestInit & { token?: string } = {}) {
  const res = await fetch(base + path, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** One whole recovery through the JSON API, reading the code from the demo mailbox. */
async function recoveryFlow(base: string, i: number): Promise<boolean> {
  const loginId = `bench-${String(i).padStart(4, '0')}`;
  const email = `${loginId}@example.jp`;
  const start = await json(base, '/api/v1/recovery/flows', { method: 'POST', body: '{}' });
  const token = start.body.flowToken as string;
  if (start.status !== 201 || !token) return false;
  const steps: [string, unknown][] = [
    ['/api/v1/recovery/flow/credentials', { loginId, password: 'Passw0rd!bench' }],
    ['/api/v1/recovery/flow/secret-question', { answer: 'ポチ' }],
    [
      '/api/v1/recovery/flow/account-data',
      { birthDate: '1980-01-01', branchCode: '201', accountNumber: String(1000000 + i) },
    ],
  ];
  for (const [p, body] of steps) {
    const r = await json(base, p, { method: 'POST', body: JSON.stringify(body), token });
    if (r.status !== 200) return false;
  }
  const mail = await json(base, `/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`);
  const messages = (mail.body.messages as { body: string }[]) ?? [];
  const code = /確認コード：(\d{6})/.exec(messages[0]?.body ?? '')?.[1];
  if (!code) return false;
  if (
    (await json(base, '/api/v1/recovery/flow/otp', { method: 'POST', body: JSON.stringify({ code }), token }))
      .status !== 200
  )
    return false;
  const done = await json(base, '/api/v1/recovery/flow/complete', {
    method: 'POST',
    body: JSON.stringify({ confirm: true }),
    token,
  });
  return done.status === 200 && typeof done.body.referenceNumber === 'string';
}

async function flowsAt(base: string, concurrency: number, customersN: number): Promise<Row> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let next = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (Date.now() < deadline) {
        // Each worker owns a slice of customers, so no two flows touch one account at once.
        const i = w + concurrency * (next++ % Math.max(1, Math.floor(customersN / concurrency)));
        const t0 = performance.now();
        if (await recoveryFlow(base, i % customersN)) ok++;
        else failed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const sorted = latencies.sort((a, b) => a - b);
  const secs = (Date.now() - started) / 1000;
  return {
    target: 'recovery flow (JSON API, 8 requests)',
    concurrency,
    'req/s': Math.round((ok * 8) / secs),
    'flows/s': Math.round((ok / secs) * 10) / 10,
    p50: Math.round(percentile(sorted, 50)),
    p95: Math.round(percentile(sorted, 95)),
    p99: Math.round(percentile(sorted, 99)),
    errors: failed,
    '429s': 0,
  };
}

const RIGHT_PASSWORD = 'Passw0rd!bench';

/**
 * Password login through the JSON API, `concurrency` clients at once. Each legitimate client owns its
 * own accounts (no two requests on one account at a time) and sends the wrong password on every third
 * attempt, so no account ever has two failures in a row: the per-ID throttle
 * must not refuse any of them (429s counted, and any status but 200/401 is an error). `attackers` of
 * the clients instead guess one victim's password without pause: those are meant to be refused.
 */
async function passwordLoginAt(
  base: string,
  concurrency: number,
  customersN: number,
  attackers: number,
): Promise<Row[]> {
  const legitWorkers = concurrency - attackers;
  const victim = `bench-${String(customersN - 1).padStart(4, '0')}`;
  const slice = Math.max(1, Math.floor((customersN - 1) / legitWorkers));
  const perWorker = slice % 3 === 0 ? slice - 1 : slice;
  const latencies: number[] = [];
  const attackLatencies: number[] = [];
  const legit = { requests: 0, ok: 0, wrong: 0, rate429: 0, errors: 0 };
  const attack = { requests: 0, checked: 0, rate429: 0, errors: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  const started = Date.now();
  const post = async (loginId: string, password: string) => {
    const res = await fetch(`${base}/api/v1/session/password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginId, password }),
    });
    await res.arrayBuffer();
    return res.status;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let k = 0; Date.now() < deadline; k++) {
        const t0 = performance.now();
        if (w >= legitWorkers) {
          const status = await post(victim, `guess-${w}-${k}`);
          attackLatencies.push(performance.now() - t0);
          attack.requests++;
          if (status === 401) attack.checked++;
          else if (status === 429) attack.rate429++;
          else attack.errors++;
          continue;
        }
        // The worker's accounts in turn; every third attempt wrong. One account sees attempts k, k + perWorker, …
        // (perWorker not a multiple of 3), so never two wrong ones in a row.
        const i = w + legitWorkers * (k % perWorker);
        const wrong = k % 3 === 2;
        const status = await post(`bench-${String(i).padStart(4, '0')}`, wrong ? 'not-the-password' : RIGHT_PASSWORD);
        latencies.push(performance.now() - t0);
        legit.requests++;
        if (status === 429) legit.rate429++;
        else if (status === (wrong ? 401 : 200)) legit[wrong ? 'wrong' : 'ok']++;
        else legit.errors++;
      }
    }),
  );
  const secs = (Date.now() - started) / 1000;
  const stats = (l: number[]) => {
    const sorted = l.sort((a, b) => a - b);
    return {
      p50: Math.round(percentile(sorted, 50)),
      p95: Math.round(percentile(sorted, 95)),
      p99: Math.round(percentile(sorted, 99)),
    };
  };
  const rows: Row[] = [
    {
      target: `POST /api/v1/session/password, ${legitWorkers} clients over ${customersN - 1} accounts, 2 right : 1 wrong (${legit.ok} × 200, ${legit.wrong} × 401)`,
      concurrency,
      'req/s': Math.round(legit.requests / secs),
      ...stats(latencies),
      errors: legit.errors,
      '429s': legit.rate429,
    },
  ];
  if (attackers > 0) {
    rows.push({
      target: `  beside them, ${attackers} clients guessing one victim's password (${attack.checked} guesses checked, the rest refused)`,
      concurrency,
      'req/s': Math.round(attack.requests / secs),
      ...stats(attackLatencies),
      errors: attack.errors,
      '429s': attack.rate429,
    });
  }
  return rows;
}

/**
 * What the throttle adds to a successful login, without HTTP or argon2: its two statements (the
 * counting upsert, the reset) one pair at a time, beside a bare `select 1` round trip, same connection pool.
 */
async function throttleOverhead(dbUrl: string): Promise<Row> {
  const h = await openDatabase({ url: dbUrl, poolMax: 2 });
  try {
    const pairs: number[] = [];
    const pings: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t0 = performance.now();
      await h.db.execute(sql`select 1`);
      pings.push(performance.now() - t0);
      const t1 = performance.now();
      const claim = await claimLoginAttempt(h.db, 'customer', `bench-overhead-${i % 50}`);
      if (claim.allowed) await recordLoginSuccess(h.db, claim);
      pairs.push(performance.now() - t1);
    }
    const q = (l: number[], p: number) =>
      Math.round(
        percentile(
          l.sort((a, b) => a - b),
          p,
        ) * 100,
      ) / 100;
    return {
      target: `throttle statements of one successful login (upsert + reset), one at a time; a bare select 1 p50 ${q(pings, 50)} / p95 ${q(pings, 95)} ms`,
      concurrency: 1,
      'req/s': '',
      p50: q(pairs, 50),
      p95: q(pairs, 95),
      p99: q(pairs, 99),
      errors: 0,
      '429s': 0,
    };
  } finally {
    await h.close();
  }
}

export async function runLoadBench(opts: { only?: 'login' } = {}): Promise<Row[]> {
  const CUSTOMERS = 400;
  const rows: Row[] = [];
  await withScratchDatabase('bench_load', async (dbUrl) => {
    const h = await openDatabase({ url: dbUrl, migrate: true, poolMax: 4 });
    const pw = await hashSecret(RIGHT_PASSWORD);
    const answer = await hashSecret(normalizeAnswer('ポチ'));
    await h.db.insert(customers).values(
      Array.from({ length: CUSTOMERS }, (_, i) => {
        const loginId = `bench-${String(i).padStart(4, '0')}`;
        return {
          loginId,
          passwordHash: pw,
          passwordLoginEnabled: true,
          nameKanji: 'ベンチ 太郎',
          nameKana: 'ベンチ タロウ',
          birthDate: '1980-01-01',
          branchCode: '201',
          accountNumber: String(1000000 + i),
          email: `${loginId}@example.jp`,
          phone: '090-0000-0000',
          secretQuestion: '初めて飼ったペットの名前は？',
          secretAnswerHash: answer,
        };
      }),
    );
    await h.close();
    const server = await startServer({
      prepare: (db) => addSyntheticArticles(db),
      port: 3312,
      env: {
        DATABASE_URL: dbUrl,
        DATABASE_POOL_MAX: '20',
        LOG_LEVEL: 'silent',
        IP_MAX_FLOWS_PER_HOUR: '1000000',
        IP_MAX_ATTEMPTS_PER_HOUR: '1000000',
        IP_MAX_LOGINS_PER_HOUR: '1000000',
        HELP_SEARCHES_PER_CLIENT_PER_MINUTE: '100000000',
      },
    });
    try {
      const pid = server.proc.pid!;
      await fetch(`${server.url}/login`);
      if (opts.only === 'login') {
        rows.push(await throttleOverhead(dbUrl));
        rows.push(
          ...(await passwordLoginAt(server.url, 20, CUSTOMERS, 0)),
          ...(await passwordLoginAt(server.url, 20, CUSTOMERS, 4)),
          await throttleOverhead(dbUrl),
        );
        return;
      }
      const rssBefore = rssMiB(pid);
      const targets: [string, string][] = [
        ['GET /login', '/login'],
        ['GET /help', '/help'],
        ['GET /api/v1/help/search', `/api/v1/help/search?q=${encodeURIComponent('パスキー 解除')}&lang=ja`],
      ];
      for (const [label, path] of targets) {
        // A short warm-up first, as in any load test: the server's JIT and caches settle.
        await closedLoop(server.url, () => path, 20, 2);
        for (const c of LEVELS) {
          const r = await cannon(server.url + path, c);
          rows.push({
            target: label,
            concurrency: c,
            'req/s': r.rps,
            p50: r.p50,
            p95: r.p95,
            p99: r.p99,
            errors: r.errors,
            '429s': r.rate429,
          });
        }
      }
      // The labelled queries in rotation: every request new to the server's memo, then all asked before.
      for (const warm of [false, true]) {
        const r = await measureHelpHttp(server.url, 20, SECONDS, warm);
        rows.push({
          target: `GET /api/v1/help/search, ${HELP_QUERY_COUNT} labelled queries in rotation, ${warm ? 'warm' : 'cold'}`,
          concurrency: 20,
          'req/s': r['req/s'],
          p50: r['p50 ms'],
          p95: r['p95 ms'],
          p99: '',
          errors: /errors/.test(String(r.what)) ? String(r.what) : 0,
          '429s': 0,
        });
      }
      for (const c of LEVELS) rows.push(await flowsAt(server.url, c, CUSTOMERS));
      const rssAfter = rssMiB(pid);
      // The same load once more: memory that keeps growing would be a leak; caches and allocator arenas level off.
      for (const [, path] of targets) await cannon(server.url + path, 100);
      await flowsAt(server.url, 100, CUSTOMERS);
      rows.push({
        target: `server RSS (MiB): before ${rssBefore}, after ${rssAfter}, after a second pass ${rssMiB(pid)}`,
        concurrency: '',
        'req/s': '',
        p50: '',
        p95: '',
        p99: '',
        errors: '',
        '429s': '',
      });
      // Password login under a right/wrong mix (the per-ID throttle must refuse none of it), then with attackers beside it.
      rows.push(
        ...(await passwordLoginAt(server.url, 20, CUSTOMERS, 0)),
        ...(await passwordLoginAt(server.url, 20, CUSTOMERS, 4)),
        await throttleOverhead(dbUrl),
      );
    } finally {
      await server.stop();
    }
  });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runLoadBench());
}
