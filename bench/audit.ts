// /staff/audit at a million audit events, over PostgreSQL and over PGlite, while the full chain check runs as a job
// in the server.
//   npm run bench audit                      1,000,000 events (BENCH_AUDIT_EVENTS to change it)
//   BENCH_AUDIT_DB=postgres|pglite           one database only (default both)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type Db } from '../db/client';
import { transactionWithRetry } from '../db/tx';
import { storedFields, type AuditAction } from '../lib/audit';
import { canonicalJson, rowHash } from '../lib/audit/canonical';
import { walkChain } from '../lib/audit/verify';
import { GENESIS_HASH } from '../lib/audit/canonical';
import { startServer } from '../tests/e2e/server';
import { percentile } from './http-client';

const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);

type Row = Record<string, string | number>;

/** The machine's load average (1 and 5 min) beside every figure: on a shared machine it decides what a figure means. */
function noter(rows: Row[]) {
  return (target: string, value: string | number, extra: Row = {}) => {
    const load = loadavg()
      .slice(0, 2)
      .map((l) => l.toFixed(1))
      .join(' / ');
    rows.push({ target, value, ...extra, load });
    process.stderr.write(`  ${target}: ${value} (load ${load})\n`);
  };
}

/** BENCH_AUDIT_FULL_CHECK=0 leaves the full check out (shorter trial runs of the page alone). */
const WITH_FULL_CHECK = process.env.BENCH_AUDIT_FULL_CHECK !== '0';

const BASE_TIME = Date.parse('2026-01-01T00:00:00Z');
export const STAFF_IDS = Array.from({ length: 200 }, () => crypto.randomUUID());

/** The seeded events: 200 customers and staff, five real actions, one a second from 2026-01-01. */
export function benchEvent(i: number): Parameters<typeof storedFields>[0] {
  const ids = STAFF_IDS;
  return {
    at: new Date(BASE_TIME + i * 1000),
    actor: { type: i % 3 === 0 ? 'staff' : 'customer', id: ids[(i * 7) % ids.length] },
    customerId: ids[i % ids.length],
    action: ACTIONS[i % ACTIONS.length],
    ip: `192.0.2.${i % 250}`,
    details: { i, note: 'ベンチ' },
  };
}

export function variantsFor(ids: string[]): [string, string][] {
  return [
    ['GET /staff/audit (newest 50)', '/staff/audit'],
    ['GET /staff/audit?action=staff.customer', '/staff/audit?action=staff.customer'],
    ['GET /staff/audit?customer=<id>', `/staff/audit?customer=${ids[5]}`],
    ['GET /staff/audit?actor=<id>', `/staff/audit?actor=${ids[7]}`],
    ['GET /staff/audit?from&to (one day)', '/staff/audit?from=2026-01-05&to=2026-01-05'],
    ['GET /staff/audit?before=<middle id>', `/staff/audit?before=${Math.floor(EVENTS / 2)}`],
  ];
}

/**
 * CPU time the server process has used (user + system, all its threads), in milliseconds: per render,
 * the time the render needs a core for — a figure the machine's load barely moves, unlike wall time.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const ACTIONS = [
  'login.password.failed',
  'recovery.started',
  'recovery.credentials.passed',
  'staff.customer.viewed',
  'recovery.status_viewed',
] as const satisfies readonly AuditAction[];

/**
 * The bulk path for seeding (benchmarks, load tests, restoring an export): events appended in batches
 * that each lock the chain head (`for update`), compute the hashes in TypeScript from the stored form
 * of every field (the same storedFields/rowHash as appendAudit and the verifier), insert the batch as
 * one statement of arrays, and move the head — so the chain stays valid, also with appends racing.
 */
export async function bulkAppendAudit(
  db: Db,
  count: number,
  make: (i: number) => Parameters<typeof storedFields>[0],
  batch = 5000,
): Promise<void> {
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await transactionWithRetry(db, async (tx) => {
      const [head] = await queryRows<{ hash: string }>(
        tx,
        sql`select hash from audit_chain_head where id = 1 for update`,
      );
      let prev = head.hash;
      const cols: string[][] = Array.from({ length: 10 }, () => []);
      let last = { prev, hash: prev };
      for (let i = 0; i < n; i++) {
        const f = storedFields(make(done + i));
        const hash = rowHash(prev, f);
        const values = [
          f.at,
          f.actorType,
          f.actorId ?? 'NULL',
          f.customerId ?? 'NULL',
          f.action,
          f.flowId ?? 'NULL',
          f.ip ?? 'NULL',
          canonicalJson(f.details),
          prev,
          hash,
        ];
        values.forEach((v, k) => cols[k].push(v));
        last = { prev, hash };
        prev = hash;
      }
      // NULL travels as the unquoted array element NULL; the text columns here never hold the string 'NULL'.
      const arr = (k: number) =>
        `{${cols[k].map((v) => (v === 'NULL' ? 'NULL' : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
      await tx.execute(sql`insert into audit_events (at, actor_type, actor_id, customer_id, action, flow_id, ip, details, prev_hash, hash)
        select * from unnest(${arr(0)}::text[]::timestamptz[], ${arr(1)}::text[], ${arr(2)}::text[], ${arr(3)}::text[]::uuid[], ${arr(4)}::text[],
          ${arr(5)}::text[]::uuid[], ${arr(6)}::text[], ${arr(7)}::text[]::jsonb[], ${arr(8)}::text[], ${arr(9)}::text[])`);
      await tx.execute(sql`update audit_chain_head set prev_hash = ${last.prev}, hash = ${last.hash} where id = 1`);
    });
  }
}

export function get(url: string, cookie: string): Promise<{ status: number; ms: number; body: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { cookie, 'accept-language': 'ja' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body }));
    });
    req.on('error', reject);
  });
}

/** Signs the demo admin in through Auth.js's credentials callback; returns the cookie header. */
export async function staffCookie(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}/api/auth/callback/staff`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie(), origin: base },
    body: new URLSearchParams({
      csrfToken,
      email: 'admin@example.jp',
      password: 'Staff-passw0rd!',
      callbackUrl: `${base}/staff`,
    }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes('session-token')))
    throw new Error(`staff sign-in failed (${res.status})`);
  return cookie();
}

/**
 * Sequential GETs of /api/health every ~5 ms while `during` runs: the largest latency above the
 * quietest one is how long the server's event loop was held (a probe from outside the process).
 */
async function probeLoop(
  base: string,
  during: Promise<unknown>,
): Promise<{ maxMs: number; p99Ms: number; samples: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const lat: number[] = [];
  let done = false;
  void during.finally(() => {
    done = true;
  });
  while (!done) {
    const t0 = performance.now();
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${base}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        })
        .on('error', reject);
    });
    lat.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  agent.destroy();
  const sorted = lat.sort((a, b) => a - b);
  const floor = sorted[0] ?? 0;
  return {
    maxMs: Math.round((sorted[sorted.length - 1] ?? 0) - floor),
    p99Ms: Math.round(percentile(sorted, 99) - floor),
    samples: lat.length,
  };
}

async function runAuditBenchPostgres(): Promise<Row[]> {
  const name = `bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const rows: Row[] = [];
  await (await openDatabase({ url: url.toString(), migrate: true, poolMax: 1 })).close();
  const note = noter(rows);
  try {
    const server = await startServer({
      port: 3395,
      env: {
        DATABASE_URL: url.toString(),
        DATABASE_POOL_MAX: '10',
        LOG_LEVEL: 'silent',
        AUDIT_CHECKPOINT_SECONDS: '3600',
        STATEMENT_TIMEOUT_MS: '60000',
      },
    });
    try {
      const pid = server.proc.pid!;
      const cookie = await staffCookie(server.url);
      const page = `${server.url}/staff/audit`;
      const variants = variantsFor(STAFF_IDS);
      // Warm-up on the (nearly) empty log, every variant, so the comparison after seeding is like for like.
      for (let round = 0; round < 10; round++) for (const [, path] of variants) await get(server.url + path, cookie);
      const baselineDone = (async () => {
        for (let i = 0; i < 60; i++) await get(page, cookie);
      })();
      const baseline = await probeLoop(server.url, baselineDone);
      note(
        'event-loop delay, pages only, before seeding (/api/health probe, above its floor)',
        `max ${baseline.maxMs} ms, p99 ${baseline.p99Ms} ms`,
        { requests: baseline.samples },
      );
      const rssBefore = rssMiB(pid);

      // Seed through a separate connection while the server runs.
      const h = await openDatabase({ url: url.toString(), poolMax: 2 });
      const t0 = Date.now();
      await bulkAppendAudit(h.db, EVENTS, benchEvent);
      await h.db.execute(sql`analyze audit_events`);
      const seedSeconds = Math.round((Date.now() - t0) / 1000);
      await h.close();
      note(`seeded ${EVENTS.toLocaleString('en')} events (bulk path, chain valid)`, `${seedSeconds} s`);

      let duringDone = false;
      const render = async (label: string, path: string, n: number) => {
        const lat: number[] = [];
        let status = 0;
        const cpu0 = cpuMs(pid);
        for (let i = 0; i < n; i++) {
          const r = await get(server.url + path, cookie);
          status = r.status;
          lat.push(r.ms);
          if (duringDone && i > 3) break;
        }
        const cpu = (cpuMs(pid) - cpu0) / lat.length;
        const s = lat.sort((a, b) => a - b);
        note(
          label,
          `p50 ${Math.round(percentile(s, 50))} ms, p95 ${Math.round(percentile(s, 95))} ms, max ${Math.round(s[s.length - 1])} ms; server CPU ${Math.round(cpu)} ms a render`,
          { status, requests: s.length },
        );
      };
      const rssSeeded = rssMiB(pid);
      for (const [label, path] of variants) await render(label, path, 40);
      const pagesDone = (async () => {
        for (let i = 0; i < 60; i++) await get(page, cookie);
      })();
      const pagesProbe = await probeLoop(server.url, pagesDone);
      note(
        'event-loop delay, pages only, after seeding (/api/health probe, above its floor)',
        `max ${pagesProbe.maxMs} ms, p99 ${pagesProbe.p99Ms} ms`,
        { requests: pagesProbe.samples },
      );

      const rssPages = rssMiB(pid);
      if (WITH_FULL_CHECK) {
        // A full check of the chain as a job in the server, started as an admin would; the page and a probe meanwhile.
        const pg = postgres(url.toString(), { max: 1, onnotice: () => {} });
        await pg`insert into audit_verifications (kind, status, from_event_id) values ('full', 'queued', 0)`;
        const started = Date.now();
        const finished = (async () => {
          for (;;) {
            const [r] =
              await pg`select status, ok, checked_rows from audit_verifications where kind = 'full' order by id desc limit 1`;
            if (r.status === 'done' || r.status === 'failed') return r;
            await new Promise((res) => setTimeout(res, 500));
          }
        })();
        void finished.finally(() => {
          duringDone = true;
        });
        const probe = probeLoop(server.url, finished);
        await render('GET /staff/audit while the full check runs', '/staff/audit', 100);
        const result = await finished;
        const p = await probe;
        note(
          'full chain check (job in the server)',
          `${result.status}, ok=${result.ok}, ${Number(result.checked_rows).toLocaleString('en')} rows in ${Math.round((Date.now() - started) / 1000)} s`,
        );
        note(
          'event-loop delay during the check (/api/health probe, above its floor)',
          `max ${p.maxMs} ms, p99 ${p.p99Ms} ms`,
          { requests: p.samples },
        );
        await pg.end();
      }
      const rssAfter = rssMiB(pid);
      note(
        'server RSS (MiB)',
        `before seeding ${rssBefore}, after seeding ${rssSeeded} (${(rssSeeded / rssBefore).toFixed(2)}×), after ~400 page renders ${rssPages} (${(rssPages / rssBefore).toFixed(2)}×)` +
          (WITH_FULL_CHECK
            ? `, after the full check (and 100 renders during it) ${rssAfter} (${(rssAfter / rssBefore).toFixed(2)}×)`
            : ''),
      );
    } finally {
      await server.stop();
    }
    // The same walk in this process alone, measured from inside: its own event-loop delay and memory.
    if (WITH_FULL_CHECK)
      note(
        'full walk in a process of its own (monitorEventLoopDelay)',
        await walkAlone({ url: url.toString(), poolMax: 2 }),
      );
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  return rows;
}

/**
 * The same on PGlite, which one process at a time can open: the server's RSS and pages on the empty
 * database first; then the server stops, the bench seeds the million events into the same directory
 * (and records the incremental verification a running server would have made of them, so its first
 * scheduled run does not walk them all again), the server starts on it for the pages; then it stops
 * again, a full check is queued as an admin would, and the server starts and runs it as a job while
 * the page and the probe are measured.
 */
async function runAuditBenchPglite(): Promise<Row[]> {
  const rows: Row[] = [];
  const note = noter(rows);
  const dir = mkdtempSync(path.join(tmpdir(), 'lhp-bench-audit-'));
  const env = { PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'silent', AUDIT_CHECKPOINT_SECONDS: '3600' };
  const variants = variantsFor(STAFF_IDS);
  const page = '/staff/audit';
  const warmUp = async (url: string, cookie: string) => {
    for (let round = 0; round < 10; round++) for (const [, p] of variants) await get(url + p, cookie);
    for (let i = 0; i < 60; i++) await get(url + page, cookie);
  };
  const render = async (
    url: string,
    cookie: string,
    label: string,
    p: string,
    n: number,
    until?: { done: boolean },
  ) => {
    const lat: number[] = [];
    let status = 0;
    for (let i = 0; i < n; i++) {
      const r = await get(url + p, cookie);
      status = r.status;
      lat.push(r.ms);
      if (until?.done && i > 3) break;
    }
    const sorted = lat.sort((a, b) => a - b);
    note(
      label,
      `p50 ${Math.round(percentile(sorted, 50))} ms, p95 ${Math.round(percentile(sorted, 95))} ms, max ${Math.round(sorted[sorted.length - 1])} ms`,
      { status, requests: sorted.length },
    );
  };
  try {
    let server = await startServer({ port: 3396, env });
    let rssBefore = 0;
    try {
      const cookie = await staffCookie(server.url);
      await warmUp(server.url, cookie);
      const pagesDone = (async () => {
        for (let i = 0; i < 60; i++) await get(server.url + page, cookie);
      })();
      const baseline = await probeLoop(server.url, pagesDone);
      note(
        'event-loop delay, pages only, before seeding (/api/health probe, above its floor)',
        `max ${baseline.maxMs} ms, p99 ${baseline.p99Ms} ms`,
        { requests: baseline.samples },
      );
      rssBefore = rssMiB(server.proc.pid!);
    } finally {
      await server.stop();
    }

    const t0 = Date.now();
    const h = await openDatabase({ pgliteDir: env.PGLITE_DIR });
    try {
      await bulkAppendAudit(h.db, EVENTS, benchEvent);
      const [head] = await queryRows<{ hash: string; id: number | string }>(
        h.db,
        sql`select hash, (select max(id) from audit_events) as id from audit_chain_head where id = 1`,
      );
      await h.db
        .execute(sql`insert into audit_verifications (kind, status, started_at, finished_at, from_event_id, to_event_id, checked_rows, ok, result)
        values ('incremental', 'done', now(), now(), 0, ${Number(head.id)}, ${EVENTS}, true,
          ${JSON.stringify({ lastHash: head.hash ?? GENESIS_HASH, broken: [], brokenCount: 0, head: { ok: true }, checkpointsUpTo: 0, anchor: 'genesis' })}::jsonb)`);
      await h.db.execute(sql`analyze audit_events`);
    } finally {
      await h.close();
    }
    note(
      `seeded ${EVENTS.toLocaleString('en')} events (bulk path, chain valid), server stopped meanwhile`,
      `${Math.round((Date.now() - t0) / 1000)} s`,
    );

    server = await startServer({ port: 3396, env });
    try {
      const cookie = await staffCookie(server.url);
      await warmUp(server.url, cookie);
      const rssSeeded = rssMiB(server.proc.pid!);
      note(
        'server RSS (MiB), each after the same warm-up (120 renders)',
        `empty database ${rssBefore}, ${EVENTS.toLocaleString('en')} events ${rssSeeded} (${(rssSeeded / rssBefore).toFixed(2)}×)`,
      );
      for (const [label, p] of variants) await render(server.url, cookie, label, p, 40);
      const pagesDone = (async () => {
        for (let i = 0; i < 60; i++) await get(server.url + page, cookie);
      })();
      const pagesProbe = await probeLoop(server.url, pagesDone);
      note(
        'event-loop delay, pages only, after seeding (/api/health probe, above its floor)',
        `max ${pagesProbe.maxMs} ms, p99 ${pagesProbe.p99Ms} ms`,
        { requests: pagesProbe.samples },
      );
    } finally {
      await server.stop();
    }

    if (WITH_FULL_CHECK) {
      // An admin's full check, queued; the scheduler picks it up 5–10 s after the server starts.
      const q = await openDatabase({ pgliteDir: env.PGLITE_DIR });
      try {
        await q.db.execute(
          sql`insert into audit_verifications (kind, status, from_event_id) values ('full', 'queued', 0)`,
        );
      } finally {
        await q.close();
      }
      server = await startServer({ port: 3396, env });
      try {
        const cookie = await staffCookie(server.url);
        for (let i = 0; i < 5; i++) await get(server.url + page, cookie);
        // The job's progress is on the page (the check's card): wait until it runs.
        const started = Date.now();
        for (;;) {
          const body = (await get(server.url + page, cookie)).body;
          if (/<progress /.test(body) || Date.now() - started > 30_000) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        const until = { done: false };
        const finished = (async () => {
          for (;;) {
            await new Promise((r) => setTimeout(r, 1000));
            const body = (await get(server.url + page, cookie)).body;
            if (!/data-testid="chain-progress"/.test(body)) return body;
          }
        })();
        void finished.finally(() => {
          until.done = true;
        });
        const probe = probeLoop(server.url, finished);
        await render(server.url, cookie, 'GET /staff/audit while the full check runs', page, 100, until);
        const body = await finished;
        const p = await probe;
        const m = /class="alert alert-(success|error)"[^>]*data-testid="chain-status" data-to-event="(\d+)"/.exec(body);
        note(
          'full chain check (job in the server)',
          `${m ? `done, ok=${m[1] === 'success'}, up to event ${Number(m[2]).toLocaleString('en')}` : 'no result on the page'} in ${Math.round((Date.now() - started) / 1000)} s`,
        );
        note(
          'event-loop delay during the check (/api/health probe, above its floor)',
          `max ${p.maxMs} ms, p99 ${p.p99Ms} ms`,
          { requests: p.samples },
        );
      } finally {
        await server.stop();
      }
      note('full walk in a process of its own (monitorEventLoopDelay)', await walkAlone({ pgliteDir: env.PGLITE_DIR }));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/** The walk in this process alone, measured from inside: its own event-loop delay and memory. */
async function walkAlone(open: Parameters<typeof openDatabase>[0]): Promise<string> {
  const h = await openDatabase(open);
  try {
    const hist = monitorEventLoopDelay({ resolution: 5 });
    const rss0 = Math.round(process.memoryUsage().rss / 1048576);
    let heapMax = 0;
    hist.enable();
    const t1 = Date.now();
    const r = await walkChain(h.db, {
      onBatch: () => {
        heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
      },
    });
    hist.disable();
    return `${r.ok ? 'ok' : 'BROKEN'}, ${r.checked.toLocaleString('en')} rows in ${Math.round((Date.now() - t1) / 1000)} s; event loop max ${Math.round(hist.max / 1e6)} ms, p99 ${Math.round(hist.percentile(99) / 1e6)} ms; RSS ${rss0} → ${Math.round(process.memoryUsage().rss / 1048576)} MiB, heap max ${Math.round(heapMax / 1048576)} MiB`;
  } finally {
    await h.close();
  }
}

export async function runAuditBench(): Promise<Row[]> {
  const which = process.env.BENCH_AUDIT_DB;
  const out: Row[] = [];
  if (which !== 'pglite') out.push(...(await runAuditBenchPostgres()).map((r) => ({ db: 'PostgreSQL', ...r })));
  if (which !== 'postgres') out.push(...(await runAuditBenchPglite()).map((r) => ({ db: 'PGlite', ...r })));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runAuditBench());
}
