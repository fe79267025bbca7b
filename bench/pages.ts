// Public pages against a static file, both databases (docs/benchmarks.md#public-pages): /login, /help, every
// help article in ja and en, at 20 connections, beside a file from /_next/static measured in the same run.
// Floors: each page ≥ 50 % of the static file's req/s, p95 ≤ 2 × the static file's p95. The whole load three
// times over, with cold searches, for the memory floors (RSS pass 2 → 3 ≤ +5 %, after pass 3 ≤ 2 × idle).
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { articlePath } from '../lib/help/paths';
import { startServer, type RunningServer } from '../tests/e2e/server';
import { addSyntheticArticles, measureHelpHttp } from './help';
import { closedLoop, type LoadResult } from './http-client';
import { rssMiB, withScratchDatabase } from './scratch';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 20;
const METRICS_TOKEN = 'bench-metrics-token-0123456789abcdef';
/** `BENCH_PAGES_DB=pglite` or `postgres`: only that database (a shorter run). */
const ONLY_DB = process.env.BENCH_PAGES_DB ?? '';

type Row = Record<string, string | number>;

function articlePaths(lang: 'ja' | 'en'): string[] {
  return readdirSync(path.resolve(import.meta.dirname, '../db/seed/help'))
    .map((f) => /^(.+)\.(ja|en)\.md$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && m[2] === lang)
    .map((m) => articlePath(m[1], lang));
}

/** A JavaScript file of the build, as the pages link it. */
async function staticFile(base: string): Promise<string> {
  const html = await (await fetch(`${base}/login`)).text();
  const src = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  if (!src) throw new Error('no /_next/static script on /login');
  return src;
}

export async function measurePages(base: string, db: string): Promise<Row[]> {
  const file = await staticFile(base);
  const ja = articlePaths('ja');
  const en = articlePaths('en');
  const targets: [string, (i: number) => string, number][] = [
    ['GET /login', () => '/login', 1],
    ['GET /help', () => '/help', 1],
    [`GET /help/<slug>, ${ja.length} ja articles in turn`, (i) => ja[i % ja.length], ja.length],
    [`GET /help/en/<slug>, ${en.length} en articles in turn`, (i) => en[i % en.length], en.length],
  ];
  const run = async (pathFor: (i: number) => string, distinct = 1) => {
    // Warm-up: every path once (its first render), then 1 s of load (JIT, the page cache).
    for (let i = 0; i < distinct; i++) await fetch(base + pathFor(i)).then((r) => r.arrayBuffer());
    await closedLoop(base, pathFor, CONNECTIONS, 1);
    return closedLoop(base, pathFor, CONNECTIONS, SECONDS);
  };
  // The static file before and after the pages; the floor is from their mean.
  const s1 = await run(() => file);
  const results: [string, LoadResult][] = [];
  for (const [label, pathFor, distinct] of targets) results.push([label, await run(pathFor, distinct)]);
  const s2 = await run(() => file);
  const staticRps = (s1.rps + s2.rps) / 2;
  const staticP95 = (s1.p95 + s2.p95) / 2;
  const row = (target: string, r: LoadResult, floor: string, ok: string): Row => ({
    db,
    target,
    'req/s': r.rps,
    p50: r.p50,
    p95: r.p95,
    '% of static req/s': Math.round((r.rps / staticRps) * 1000) / 10,
    'p95 / static p95': Math.round((r.p95 / staticP95) * 100) / 100,
    floor,
    ok,
    errors: r.errors,
  });
  const rows: Row[] = [
    row(
      `static file ${file.replace(/^(.{30}).*$/, '$1…')} (before / after)`,
      {
        ...s1,
        rps: Math.round(staticRps),
        p95: Math.round(staticP95 * 10) / 10,
        p50: Math.round(((s1.p50 + s2.p50) / 2) * 10) / 10,
      },
      `${s1.rps} / ${s2.rps} req/s`,
      '',
    ),
  ];
  for (const [label, r] of results) {
    const ok = r.rps >= staticRps * 0.5 && r.p95 <= staticP95 * 2 && r.errors === 0;
    rows.push(
      row(
        label,
        r,
        `≥ ${Math.round(staticRps * 0.5)} req/s, p95 ≤ ${Math.round(staticP95 * 20) / 10} ms`,
        ok ? 'yes' : 'NO',
      ),
    );
  }
  return rows;
}

/**
 * Three identical passes (the pages beside the static file, then cold searches), the server's RSS after
 * each. The first pass's page rows and every pass's cold search are printed; then the memory row
 * (floors: pass 2 → 3 ≤ +5 %, after pass 3 ≤ 2 × idle).
 */
/** What /api/metrics says of the server's memory, MiB: V8 heap used and total, and memory outside it (buffers, WASM). */
async function heapOf(base: string): Promise<{ used: number; total: number; external: number }> {
  const text = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then(
    (r) => (r.ok ? r.text() : ''),
  );
  const mib = (name: string) => {
    const m = new RegExp(`^${name} ([0-9.e+]+)`, 'm').exec(text);
    return m ? Math.round(Number(m[1]) / 1048576) : NaN;
  };
  return {
    used: mib('nodejs_heap_size_used_bytes'),
    total: mib('nodejs_heap_size_total_bytes'),
    external: mib('nodejs_external_memory_bytes'),
  };
}

const loadNow = () => loadavg()[0].toFixed(1);

/**
 * Three identical passes (the pages beside the static file, then cold searches), the server's RSS after
 * each, and its V8 heap and external memory beside it (so growth can be told apart: JavaScript objects,
 * buffers and PGlite's WebAssembly memory, or the allocator). The first pass's page rows and every pass's
 * cold search are printed; then the memory rows (floors: pass 2 → 3 ≤ +5 %, after pass 3 ≤ 2 × idle).
 */
async function threePasses(server: RunningServer, db: string): Promise<Row[]> {
  const pid = server.proc.pid!;
  await new Promise((r) => setTimeout(r, 2000));
  const idle = rssMiB(pid);
  const heaps = [await heapOf(server.url)];
  const rows: Row[] = [];
  const rss: number[] = [];
  for (let pass = 1; pass <= 3; pass++) {
    const pages = await measurePages(server.url, db);
    if (pass === 1) rows.push(...pages);
    const cold = await measureHelpHttp(server.url, CONNECTIONS, SECONDS, false);
    const p95 = Number(cold['p95 ms']);
    rows.push({
      db,
      target: `GET /api/v1/help/search, cold, 141 labelled queries in turn (pass ${pass})`,
      'req/s': cold['req/s'],
      p50: cold['p50 ms'],
      p95,
      floor: 'p95 ≤ 50 ms',
      ok: p95 <= 50 ? 'yes' : 'NO',
      errors: /errors/.test(String(cold.what)) ? String(cold.what) : 0,
      load: loadNow(),
    });
    rss.push(rssMiB(pid));
    heaps.push(await heapOf(server.url));
  }
  const growth = (rss[2] - rss[1]) / rss[1];
  rows.push({
    db,
    target: `server RSS MiB: idle ${idle}, after passes 1 / 2 / 3: ${rss.join(' / ')}; pass 2 → 3 ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %, pass 3 = ${(rss[2] / idle).toFixed(2)} × idle`,
    floor: '2 → 3 ≤ +5 %, ≤ 2 × idle',
    ok: growth <= 0.05 && rss[2] <= 2 * idle ? 'yes' : 'NO',
    load: loadNow(),
  });
  rows.push({
    db,
    target: `  of it, V8 heap used / total MiB, idle then after each pass: ${heaps.map((h) => `${h.used}/${h.total}`).join(' · ')}; external (buffers, WASM): ${heaps.map((h) => h.external).join(' · ')}`,
  });
  return rows;
}

/** Both databases: a production server on each, 3,300 help articles. */
export async function runPagesBench(): Promise<Row[]> {
  const rows: Row[] = [];
  const env = { LOG_LEVEL: 'silent', HELP_SEARCHES_PER_CLIENT_PER_MINUTE: '100000000', METRICS_TOKEN };
  if (ONLY_DB !== 'postgres') {
    const server = await startServer({ port: 3513, env, prepare: (db) => addSyntheticArticles(db) });
    try {
      const lite = await threePasses(server, 'PGlite');
      rows.push(...lite);
      console.table(lite); // printed as each database is done: a failure later loses nothing
    } finally {
      await server.stop();
    }
  }
  if (ONLY_DB === 'pglite') return rows;
  await withScratchDatabase(
    'bench_pages',
    async (url) => {
      const { openDatabase } = await import('../db/client');
      const h = await openDatabase({ url, migrate: true, poolMax: 2 });
      await h.close();
      const server = await startServer({
        port: 3514,
        env: { ...env, DATABASE_URL: url, DATABASE_POOL_MAX: '20' },
        prepare: (db) => addSyntheticArticles(db),
      });
      try {
        const pg = await threePasses(server, 'PostgreSQL');
        rows.push(...pg);
        console.table(pg);
      } finally {
        await server.stop();
      }
    },
    (message) => void rows.push({ db: 'PostgreSQL', target: `${message}: skipped` }),
  );
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runPagesBench());
}
