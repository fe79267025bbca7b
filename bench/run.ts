// npm run bench — builds if needed, starts the production server and prints every benchmark table
import { startServer } from '../tests/e2e/server';
import { measureFirstLoadJs } from './bundle';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

const server = await startServer({ port: Number(process.env.BENCH_PORT ?? 3311), env: { IP_MAX_FLOWS_PER_HOUR: '100000', IP_MAX_ATTEMPTS_PER_HOUR: '100000', IP_MAX_LOGINS_PER_HOUR: '100000', LOG_LEVEL: 'silent' } });
try {
  if (want('bundle')) {
    console.log('\nFirst-load JavaScript (gzip, as Chromium downloads it; target: /login within 15 KiB of the floor)');
    console.table(await measureFirstLoadJs(server.url, ['/login', '/recovery', '/help']));
  }
  for (const [name, file, fn] of [
    ['recovery', './recovery', 'runRecoveryBench'],
    ['help', './help', 'runHelpBench'],
    ['load', './load', 'runLoadBench'],
  ] as const) {
    if (!want(name)) continue;
    const mod = (await import(file).catch(() => null)) as Record<string, (url: string) => Promise<Record<string, unknown>[]>> | null;
    if (!mod?.[fn]) continue;
    console.log(`\n${name}`);
    console.table(await mod[fn](server.url));
  }
} finally {
  await server.stop();
}
