// The server (npm start, npm run demo, npm run dev with --dev): Next's request handler behind a plain
// Node HTTP server, so the app can (1) take the client IP from the socket, not a header the client
// could forge, (2) refuse an oversized request body before anything buffers it, (3) give every request
// an id for the logs, and (4) shut down gracefully, closing the database (docs/operations.md).
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import next from 'next';
import { guardRequest } from './lib/http/request-guard.mjs';
import { createPageCache, pageCacheKey } from './lib/http/page-cache.mjs';
import { observeRequest } from './lib/metrics/registry.mjs';
import { routeMatcher } from './lib/metrics/routes.mjs';

// The only environment reads outside lib/config/env.ts: this plain Node file runs before Next has
// loaded the app (and its TypeScript), and needs the address to listen on. Same names and defaults as
// PORT and HOSTNAME_BIND there; the app validates both at start-up (instrumentation.ts).
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? '0.0.0.0';
const dev = process.argv.includes('--dev');
const als = (globalThis.__lhpRequestContext ??= new AsyncLocalStorage());
globalThis.__lhpShutdownHooks ??= [];

const app = next({ dev, hostname: 'localhost', port });
await app.prepare();
const handle = app.getRequestHandler();
// Request durations for /api/metrics, labelled by the build's route pattern, never the raw path.
const routeOf = routeMatcher(process.cwd());
// Public pages rendered once and served with a fresh nonce each time (lib/http/page-cache.mjs); not in dev.
const pages = dev ? null : createPageCache();

const server = createServer(async (req, res) => {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    observeRequest(req.method ?? 'GET', routeOf((req.url ?? '/').split('?')[0]), res.statusCode, seconds);
  });
  // The socket address stamped, an oversized body refused, a bad path answered (lib/http/request-guard.mjs).
  const guarded = await guardRequest(req, res);
  if (!guarded) return;
  const requestId = randomUUID();
  guarded.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);
  const cacheKey = pages && pageCacheKey(guarded);
  if (cacheKey) {
    if (pages.serve(cacheKey, guarded, res)) return;
    pages.fill(cacheKey, guarded, res);
  }
  als.run({ requestId }, () =>
    handle(guarded, res).catch((err) => {
      // Next answers its own errors; this is only what escapes it: a line by class, never a message.
      console.error(
        JSON.stringify({
          level: 50,
          time: new Date().toISOString(),
          requestId,
          err: { name: err?.name ?? 'unknown' },
          msg: 'request failed',
        }),
      );
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    }),
  );
});
// instrumentation.ts guards the servers of `next start` / `next dev` the same way; not this one twice.
server.__lhpGuardsItself = true;
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => {
  console.log(JSON.stringify({ level: 30, time: new Date().toISOString(), msg: `ready on http://localhost:${port}` }));
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(JSON.stringify({ level: 30, time: new Date().toISOString(), msg: `${signal}: closing` }));
  server.close();
  server.closeIdleConnections?.();
  const timer = setTimeout(() => process.exit(1), 10_000);
  for (const hook of globalThis.__lhpShutdownHooks) {
    try {
      await hook();
    } catch {
      /* keep closing the rest */
    }
  }
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
