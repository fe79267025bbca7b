// Rendered public pages kept for a few seconds, each served with a nonce of its own
// (docs/design.md#page-cache). The CSP nonce is made per request (proxy.ts), so Next renders every page
// per request; for the public pages that are the same for every anonymous visitor — /login, /help and
// the help articles — this keeps the HTML Next rendered for one request and answers the next ones with
// it, the old nonce replaced by a fresh one in the body and the CSP header alike. The CSP stays strict:
// no script runs without the nonce of the response it came in.
//
// What may be served from here, and what never is:
// - only GET, only the listed paths, no query string, no header of Next's client router (RSC, Next-*);
// - only a visitor whose cookies are none or only the language and text-size preferences; the key holds
//   the path and both preferences, so a page never carries another visitor's language or size;
// - only a 200 text/html answer that set no cookie; its request id and nonce are never reused;
// - each entry lives TTL_MS; after that the next request renders the page again while the others are still
//   answered with the stored copy, for at most STALE_MS more (so a page is not rendered by every request that
//   arrives during its render, and article edits show within TTL_MS + STALE_MS, under a minute, on every
//   instance); all entries together hold at most MAX_BYTES.
// Serving costs no compression: when a page is stored, each run of bytes between two nonces is deflated once
// on its own, and an answer is those pieces with the fresh nonce between them as stored (uncompressed) deflate
// blocks, in one gzip member whose CRC is computed over the answer (gzipMember below).
// Plain JavaScript: server.mjs imports it before Next is loaded.
import { randomUUID } from 'node:crypto';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export const TTL_MS = 30_000;
export const STALE_MS = 25_000;
const MAX_BYTES = 24 * 1024 * 1024;
const MAX_ENTRY_BYTES = 1024 * 1024;

const CACHEABLE = [/^\/login$/, /^\/help$/, /^\/help\/en$/, /^\/help\/(en\/)?[a-z0-9][a-z0-9-]{0,99}$/];
/** Cookies that only choose a preference the key holds; any other cookie (a session) bypasses the cache. */
const PREFERENCE_COOKIES = new Set(['lang', 'textSize']);
/** Headers never stored with a page: per request (id, date), per connection, or redone when served. */
const NOT_STORED = new Set([
  'x-request-id',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'set-cookie',
]);
const NONCE_IN_CSP = /'nonce-([A-Za-z0-9+/=]{16,})'/;

/** Parses the Cookie header into name → value; null when a cookie other than the preferences is present. */
function preferenceCookies(header) {
  const prefs = { lang: '', textSize: '' };
  if (!header) return prefs;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (!name) continue;
    if (!PREFERENCE_COOKIES.has(name)) return null;
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    // The app reads only these values (lib/i18n/server.ts, app/layout.tsx); anything else reads as unset.
    if (name === 'lang') prefs.lang = value === 'ja' || value === 'en' ? value : '';
    else prefs.textSize = value === 'large' ? 'large' : '';
  }
  return prefs;
}

/** The cache key of a request, or null when it must go to Next. */
export function pageCacheKey(req) {
  if (req.method !== 'GET') return null;
  const url = req.url ?? '';
  if (url.includes('?') || url.includes('#')) return null;
  if (!CACHEABLE.some((re) => re.test(url))) return null;
  for (const name of Object.keys(req.headers)) {
    if (name === 'rsc' || name.startsWith('next-') || name === 'authorization') return null;
  }
  const prefs = preferenceCookies(req.headers.cookie);
  if (!prefs) return null;
  return `${url}\u0000${prefs.lang}\u0000${prefs.textSize}`;
}

/** A fresh nonce in the proxy's format (proxy.ts): base64 of a random UUID, the same length every time. */
export function freshNonce() {
  return Buffer.from(randomUUID()).toString('base64');
}

/** `buf` cut at every occurrence of `sep` (which is left out): views of `buf`, no copies. */
function splitOn(buf, sep) {
  const parts = [];
  let from = 0;
  for (let at = buf.indexOf(sep, from); at >= 0; at = buf.indexOf(sep, from)) {
    parts.push(buf.subarray(from, at));
    from = at + sep.length;
  }
  parts.push(buf.subarray(from));
  return parts;
}

/**
 * One piece deflated on its own, ending on a byte boundary and not final (a sync flush): pieces and stored
 * blocks can follow it in the same stream, and none of its back-references reach outside it.
 */
function deflatePiece(piece) {
  return deflateRawSync(piece, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
}

/** A deflate block that stores `bytes` as they are (RFC 1951 §3.2.4), not final; `bytes` under 64 KiB. */
function storedBlock(bytes) {
  const head = Buffer.alloc(5);
  head[0] = 0; // BFINAL 0, BTYPE 00; the rest of the byte is padding
  head.writeUInt16LE(bytes.length, 1);
  head.writeUInt16LE(~bytes.length & 0xffff, 3);
  return [head, bytes];
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** An empty final stored block: the end of the deflate stream. */
const LAST_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);

/**
 * The page as one gzip member (RFC 1952): its deflated pieces with `nonce` stored between them. Answered as
 * a list of buffers (written out together), so a response allocates only its few small ones.
 */
export function gzipMember(parts, deflated, nonce) {
  const out = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      out.push(...storedBlock(nonce));
      crc = crc32(nonce, crc);
      size += nonce.length;
    }
    out.push(deflated[i]);
    // Skipped when empty: Node 20's crc32 of an empty Buffer with no memory behind it answers 0, not `crc`.
    if (parts[i].length > 0) crc = crc32(parts[i], crc);
    size += parts[i].length;
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  out.push(LAST_BLOCK, trailer);
  return out;
}

/** The page as stored, `nonce` between its parts: a list of buffers, like gzipMember's. */
function joined(parts, nonce) {
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out.push(nonce);
    out.push(parts[i]);
  }
  return out;
}

function acceptsGzip(req) {
  const ae = req.headers['accept-encoding'];
  return typeof ae === 'string' && /\bgzip\b/.test(ae) && !/\bgzip;\s*q=0(\.0+)?\b/.test(ae);
}

export function createPageCache({ ttlMs = TTL_MS, staleMs = STALE_MS, maxBytes = MAX_BYTES, now = Date.now } = {}) {
  /** @type {Map<string, { at: number; status: number; headers: [string, string | string[]][]; parts: Buffer[]; deflated: Buffer[]; nonceMark: string; bytes: number; refreshing?: boolean }>} */
  const entries = new Map();
  let bytes = 0;

  function drop(key) {
    const e = entries.get(key);
    if (!e) return;
    bytes -= e.bytes;
    entries.delete(key);
  }

  /** Answers `res` from the cache when it holds `key`; false when the request must go to Next. */
  function serve(key, req, res) {
    const e = entries.get(key);
    if (!e) return false;
    const age = now() - e.at;
    if (age > ttlMs + staleMs) {
      drop(key);
      return false;
    }
    if (age > ttlMs && !e.refreshing) {
      // This request renders it again (fill); until that is stored, the others get this copy.
      e.refreshing = true;
      return false;
    }
    const nonce = Buffer.from(freshNonce());
    res.statusCode = e.status;
    for (const [name, value] of e.headers) {
      res.setHeader(
        name,
        name === 'content-security-policy' ? String(value).split(e.nonceMark).join(nonce.toString()) : value,
      );
    }
    const vary = String(res.getHeader('vary') ?? '');
    if (!/\baccept-encoding\b/i.test(vary))
      res.setHeader('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const gzip = acceptsGzip(req);
    const body = gzip ? gzipMember(e.parts, e.deflated, nonce) : joined(e.parts, nonce);
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader(
      'Content-Length',
      body.reduce((n, b) => n + b.length, 0),
    );
    // Written together (one writev), never copied into one buffer: no page-sized buffer per answer waiting for
    // a collection.
    res.cork();
    for (const b of body) res.write(b);
    res.end();
    return true;
  }

  /**
   * Lets Next answer `res` while keeping a copy of what it sends: the request is asked for uncompressed
   * (this one visitor gets it so), and a 200 HTML answer with no cookie is stored under `key`.
   */
  function fill(key, req, res) {
    delete req.headers['accept-encoding'];
    const chunks = [];
    let size = 0;
    let tooBig = false;
    const write = res.write;
    const end = res.end;
    const keep = (chunk, encoding) => {
      if (tooBig || chunk == null || typeof chunk === 'function') return;
      // A copy: Next may reuse the memory of what it wrote.
      const b =
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
          : Buffer.from(chunk);
      size += b.length;
      if (size > MAX_ENTRY_BYTES) tooBig = true;
      else chunks.push(b);
    };
    res.write = function (chunk, encoding, cb) {
      keep(chunk, encoding);
      return write.call(this, chunk, encoding, cb);
    };
    res.end = function (chunk, encoding, cb) {
      keep(chunk, encoding);
      return end.call(this, chunk, encoding, cb);
    };
    // A render that is not stored (an error, a client gone) lets the next request try again.
    res.once('close', () => {
      const current = entries.get(key);
      if (current) current.refreshing = false;
    });
    res.once('finish', () => {
      if (tooBig || res.statusCode !== 200) return;
      const headers = res.getHeaders();
      if (headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return;
      if (!String(headers['content-type'] ?? '').startsWith('text/html')) return;
      const nonce = NONCE_IN_CSP.exec(String(headers['content-security-policy'] ?? ''))?.[1];
      if (!nonce) return;
      const parts = splitOn(Buffer.concat(chunks), Buffer.from(nonce));
      const deflated = parts.map(deflatePiece);
      const stored = Object.entries(headers).filter(([name]) => !NOT_STORED.has(name));
      const entry = {
        at: now(),
        status: 200,
        headers: stored,
        parts,
        deflated,
        nonceMark: nonce,
        bytes: size + deflated.reduce((n, d) => n + d.length, 0),
      };
      drop(key);
      entries.set(key, entry);
      bytes += size;
      // Oldest first (insertion order) until the whole fits.
      for (const k of entries.keys()) {
        if (bytes <= maxBytes) break;
        drop(k);
      }
    });
  }

  return {
    serve,
    fill,
    size: () => entries.size,
    bytes: () => bytes,
    clear: () => {
      entries.clear();
      bytes = 0;
    },
  };
}
