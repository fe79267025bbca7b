// Production server: Next's request handler behind a plain Node HTTP server, so the app can
// (1) take the client IP from the socket, not a header the client could forge, (2) give every
// request an id for the logs, and (3) shut down gracefully, closing the database.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import next from 'next';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? '0.0.0.0';
const dev = process.argv.includes('--dev');
const als = (globalThis.__lhpRequestContext ??= new AsyncLocalStorage());
globalThis.__lhpShutdownHooks ??= [];

const app = next({ dev, hostname: 'localhost', port });
await app.prepare();
const handle = app.getRequestHandler();

/** Whether the path's percent-encoding is valid UTF-8: Next answers a bare 500 for `/help/%ff` otherwise. */
function decodablePath(url = '/') {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

const server = createServer((req, res) => {
  if (!decodablePath(req.url)) {
    res.writeHead(400, {
      'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    });
    res.end('このアドレスは正しくありません。入力したURLをご確認ください。\nThis address is not valid. Please check the URL.\n');
    return;
  }
  delete req.headers['x-lhp-socket-ip'];
  req.headers['x-lhp-socket-ip'] = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const requestId = randomUUID();
  req.headers['x-request-id'] = requestId;
  res.setHeader('X-Request-Id', requestId);
  als.run({ requestId }, () => handle(req, res));
});
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
    try { await hook(); } catch { /* keep closing the rest */ }
  }
  clearTimeout(timer);
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
