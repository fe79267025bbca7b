import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../db/client';
import { SERVER_NODE_FLAGS } from '../../lib/http/server-flags.mjs';

/** `output()`: everything the server printed so far (its log lines). */
export type RunningServer = { url: string; stop: () => Promise<void>; proc: ChildProcess; output: () => string };

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * Starts the production build (`node server.mjs`) on its own fresh embedded database, seeded with
 * the demo data — the same thing `npm run demo` serves.
 */
/**
 * How the app is started: `server` is `npm start` / `npm run demo` (node server.mjs), `server-dev` is
 * `npm run dev` (node server.mjs --dev), `next-start` and `next-dev` are Next's own CLI.
 */
export type StartMode = 'server' | 'server-dev' | 'next-start' | 'next-dev';

const COMMANDS: Record<StartMode, (port: number) => string[]> = {
  server: () => [...SERVER_NODE_FLAGS, 'server.mjs'],
  'server-dev': () => ['server.mjs', '--dev'],
  'next-start': (port) => [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port)],
  'next-dev': (port) => [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'dev', '-p', String(port)],
};

export async function startServer(opts: {
  port: number;
  env?: Record<string, string>;
  prepare?: (db: Db) => Promise<void>;
  mode?: StartMode;
}): Promise<RunningServer> {
  const mode = opts.mode ?? 'server';
  const dev = mode.endsWith('dev');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const b = spawnSync('npx', ['next', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'lhp-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: dev ? 'development' : 'production',
    PORT: String(opts.port),
    APP_ORIGIN: `http://localhost:${opts.port}`,
    PGLITE_DIR: path.join(dataDir, 'pglite'),
    DEMO_MODE: '1',
    AUTH_SECRET: 'e2e-secret-e2e-secret-e2e-secret-0123456',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  if (!opts.env?.DATABASE_URL) delete env.DATABASE_URL;
  const seed = spawnSync('npx', ['tsx', 'scripts/seed.ts'], { cwd: root, env, encoding: 'utf8' });
  if (seed.status !== 0) throw new Error(`seed failed: ${seed.stderr}`);
  if (opts.prepare) {
    // Extra data (benchmarks) goes in before the server opens the database: PGlite allows one process.
    const h = await openDatabase(
      env.DATABASE_URL ? { url: env.DATABASE_URL, poolMax: 2 } : { pgliteDir: env.PGLITE_DIR },
    );
    try {
      await opts.prepare(h.db);
    } finally {
      await h.close();
    }
  }
  // A server left running on this port (another run's) would answer the health check below, and the
  // tests would silently run against its data: refuse to start instead.
  const taken = await fetch(`http://localhost:${opts.port}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`port ${opts.port} is already served by another process; stop it first`);
  const proc = spawn(process.execPath, COMMANDS[mode](opts.port), {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: dev,
  });
  let output = '';
  proc.stdout?.on('data', (d) => {
    output += d;
  });
  proc.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://localhost:${opts.port}`;
  // A dev server compiles each route on its first request.
  const deadline = Date.now() + (dev ? 240_000 : 60_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${output}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    proc,
    output: () => output,
    stop: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        // `next dev` runs the server in a child process: end the whole group it leads.
        if (dev && proc.pid) process.kill(-proc.pid, 'SIGTERM');
        else proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
