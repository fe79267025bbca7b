// What happens to every request before Next sees it, on every way of starting the app (server.mjs,
// or instrumentation.ts under `next start` / `next dev`): the socket address is stamped
// (socket-stamp.mjs) and the body is bounded (docs/design.md#request-bodies).
// Plain JavaScript: server.mjs imports it before Next is loaded.
import http, { IncomingMessage } from 'node:http';
import { bodyLimitFor } from './body-limits.mjs';
import { stampSocketAddress } from './socket-stamp.mjs';

const PLAIN_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

/** 400 for a path whose percent-encoding is not UTF-8 (Next answers a bare 500 for `/help/%ff`). */
function decodablePath(url = '/') {
  try {
    decodeURIComponent(url.split('?')[0]);
    return true;
  } catch {
    return false;
  }
}

/** A JSON error answered before Next sees the request. */
function answer(res, status, code, message) {
  res.writeHead(status, { ...PLAIN_HEADERS, 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}

/** How long a refused request's connection stays open before it is closed. */
const LINGER_MS = 2_000;

/**
 * 413 `payload_too_large`. The rest of the body is not read: the request stays paused (Node reads no
 * more than its small stream buffer), and the connection stays open a moment so a client still
 * sending can read the answer — closing at once would reset its upload and the answer with it.
 */
function tooLarge(req, res, limit) {
  const socket = req.socket;
  // `Connection: close` keeps the client from sending its next request down this connection; Node
  // would then end the socket as soon as the answer is written: close it after the moment instead.
  if (socket)
    socket.destroySoon = () => {
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    };
  req.pause();
  // Counts as read, so Node does not drain ("dump") the rest of the body once the answer is sent.
  req.read(0);
  res.writeHead(413, { ...PLAIN_HEADERS, 'Content-Type': 'application/json; charset=utf-8', Connection: 'close' });
  res.end(
    JSON.stringify({
      error: {
        code: 'payload_too_large',
        message: `リクエストが大きすぎます（上限 ${limit} バイト）。 The request body is too large (limit ${limit} bytes).`,
        limit,
      },
    }),
  );
}

/** A request equivalent to `req` whose body is `body` (already read), for Next to read again. */
function withBody(req, body) {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  const headers = { ...req.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  copy.headers = headers;
  copy.rawHeaders = Object.entries(headers).flatMap(([k, v]) => [k, String(v)]);
  copy.push(body);
  copy.push(null);
  copy.complete = true;
  return copy;
}

/**
 * Whether a request body fits its limit (bodyLimitFor: 16 KiB for the JSON API, 64 KiB for server
 * actions and every other post). A declared Content-Length is checked before a byte is read (Node's
 * parser never delivers more than it declares). A chunked body is read here up to the limit and
 * handed on as an equivalent request carrying the bytes, so nothing past the limit is buffered.
 * Resolves the request to hand on, or null once it has answered itself.
 */
export async function guardRequest(req, res) {
  if (!decodablePath(req.url)) {
    res.writeHead(400, { ...PLAIN_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      'このアドレスは正しくありません。入力したURLをご確認ください。\nThis address is not valid. Please check the URL.\n',
    );
    return null;
  }
  stampSocketAddress(req);
  const pathname = (req.url ?? '/').split('?')[0];
  const action = req.method === 'POST' && req.headers['next-action'] !== undefined;
  if (action && /^\/(?:api|_next)\//.test(pathname)) {
    // No server action lives under /api or /_next: Next would render its 404 page as one and fail (500).
    answer(res, 404, 'not_found', 'ページが見つかりません。 Not found.');
    return null;
  }
  const formPost =
    req.method === 'POST' &&
    !pathname.startsWith('/api/') &&
    /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined) return req;
  const limit = bodyLimitFor(pathname);
  if (declared !== undefined) {
    if (Number(declared) > limit) {
      tooLarge(req, res, limit);
      return null;
    }
    if (!action && !formPost) return req;
  }
  const chunks = [];
  let size = 0;
  const complete = await new Promise((resolve) => {
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        resolve(false);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(true));
    req.once('error', () => resolve(null));
  });
  if (complete === null) {
    req.socket?.destroy();
    return null;
  }
  if (!complete) {
    tooLarge(req, res, limit);
    return null;
  }
  const body = Buffer.concat(chunks);
  if ((action || formPost) && !(await decodableActionBody(body, req.headers['content-type'] ?? ''))) {
    answer(
      res,
      400,
      'invalid_input',
      '送信内容を読み取れませんでした。ページを再読み込みしてください。 The form data could not be read; please reload the page.',
    );
    return null;
  }
  return withBody(req, body);
}

/**
 * Whether Next can decode a server action's body (at most 64 KiB, already read): an empty body,
 * text that is not JSON, or multipart that does not parse would otherwise be a 500 from inside Next.
 */
async function decodableActionBody(body, contentType) {
  if (/^multipart\/form-data/i.test(contentType)) {
    try {
      await new Response(body, { headers: { 'content-type': contentType } }).formData();
      return true;
    } catch {
      return false;
    }
  }
  if (/^application\/x-www-form-urlencoded/i.test(contentType)) return true;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Guards every request of every HTTP server in this process — the ones Next creates itself under
 * `next start` and `next dev` included: Node delivers each request through Server#emit('request').
 * Requests that arrived before this ran carry no socket stamp and count as 'unknown' (never as what
 * the client claimed). server.mjs guards its own requests and does not need it.
 */
export function guardEveryRequest() {
  const g = globalThis;
  if (g.__lhpRequestGuardInstalled) return;
  g.__lhpRequestGuardInstalled = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function guardedEmit(event, ...args) {
    if (event !== 'request' || this.__lhpGuardsItself || args[0]?.__lhpGuarded) return emit.call(this, event, ...args);
    const [req, res] = args;
    guardRequest(req, res).then(
      (ok) => {
        if (!ok) return;
        ok.__lhpGuarded = true;
        emit.call(this, 'request', ok, res);
      },
      () => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end();
        }
      },
    );
    return true;
  };
}
