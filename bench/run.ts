// npm run bench [bundle|vitals|recovery|forgotten|help|pages|load|login|audit] — builds if needed and prints every benchmark table
import { startServer } from '../tests/e2e/server';
import { measureFirstLoadJs } from './bundle';
import { addSyntheticArticles, measureHelpHttp, runHelpBench } from './help';
import { runLoadBench } from './load';
import { runAuditBench } from './audit';
import { runRecoveryBench } from './recovery';
import { runPagesBench } from './pages';
import { inFlow, measureVitals } from './vitals';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);
const cores = (await import('node:os')).cpus();
console.log(`Machine: ${cores.length} × ${cores[0]?.model ?? 'cpu'}, Node ${process.version}`);

const loadavg = async () =>
  (await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

if (want('bundle') || want('vitals') || want('help')) {
  // A production server on the embedded database, with the help corpus grown to 3,000+ articles for `help`.
  const server = await startServer({
    port: 3311,
    env: { LOG_LEVEL: 'silent', HELP_SEARCHES_PER_CLIENT_PER_MINUTE: '100000000' },
    prepare: want('help') ? (db) => addSyntheticArticles(db) : undefined,
  });
  try {
    if (want('bundle')) {
      console.log(
        `\nFirst-load JavaScript (gzip, as Chromium downloads it), beside the empty page's floor (targets: /login ≤ +15 KiB, /recovery ≤ +30 KiB); load average ${await loadavg()}`,
      );
      console.table(
        await measureFirstLoadJs(server.url, [
          { path: '/login', overFloorTargetKiB: 15 },
          { path: '/recovery', overFloorTargetKiB: 30 },
          { label: '/recovery (at a step with the clock)', path: '/recovery', prepare: inFlow(server.url) },
          '/help',
        ]),
      );
    }
    if (want('vitals')) {
      console.log(
        `\nCore Web Vitals, phone profile (412×823, CPU 4× slower, Slow 4G), median LCP / worst CLS of 5 cold loads; load average ${await loadavg()}`,
      );
      console.table(
        await measureVitals(server.url, [
          { label: '/login', path: '/login' },
          { label: '/help', path: '/help' },
          { label: '/help/recovery-what-to-prepare', path: '/help/recovery-what-to-prepare' },
          { label: '/recovery', path: '/recovery' },
          { label: '/recovery (at a step with the clock)', path: '/recovery', prepare: inFlow(server.url) },
        ]),
      );
      console.log(`load average after: ${await loadavg()}`);
    }
    if (want('help')) {
      console.log(
        '\nHelp search: quality, and latency over 3,000+ articles on PGlite and PostgreSQL (targets: recall@3 ≥ 0.9, p95 ≤ 15 ms one at a time, p95 ≤ 50 ms at 20 concurrent)',
      );
      // HTTP first, while this process (the load client) is fresh; then the engines, in this process.
      const http: Record<string, string | number>[] = [];
      for (const warm of [false, true])
        http.push({
          ...(await measureHelpHttp(server.url, 20, undefined, warm)),
          engine: 'server on PGlite',
          articles: '3,000+',
        });
      console.table([...(await runHelpBench()), ...http]);
    }
  } finally {
    await server.stop();
  }
}
if (want('pages')) {
  console.log(
    `\nPublic pages beside a static file at 20 connections, both databases (floors: ≥ 50 % of the static file's req/s, p95 ≤ 2 × its p95); load average ${(
      await import('node:os')
    )
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await runPagesBench(); // prints a table per database (BENCH_PAGES_DB=pglite|postgres: only that one)
}
if (want('recovery')) {
  console.log(
    '\nRecovery steps under 20 concurrent flows; credential step vs raw argon2id; enumeration timing gap; forgotten password and login ID (load = 1-min load average)',
  );
  console.table(await runRecoveryBench());
}
if (only.includes('forgotten') && !want('recovery')) {
  console.log(
    '\nForgotten password and login ID: PIN step vs raw argon2id; login-ID reminder timing gap; new-password rules p95 (load = 1-min load average)',
  );
  console.table(await runRecoveryBench('forgotten'));
}
if (want('login') && !want('load')) {
  console.log(
    '\nPassword login (JSON API) on the production server over PostgreSQL: a right/wrong mix over many accounts, then with attackers beside it',
  );
  console.table(await runLoadBench({ only: 'login' }));
}
if (want('load') || want('help')) {
  console.log(
    '\nHTTP load on the production server over PostgreSQL (3,000+ help articles); errors exclude intended 429s',
  );
  console.table(await runLoadBench());
}
if (want('audit')) {
  console.log(
    `\n/staff/audit at ${Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000).toLocaleString('en')} audit events on PostgreSQL and PGlite, with a full chain check running as a job (targets: p95 ≤ 200 ms, event-loop delay ≤ 50 ms, RSS ≤ 1.5× before seeding)`,
  );
  console.table(await runAuditBench());
}
