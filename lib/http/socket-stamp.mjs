// The socket address, handed from the HTTP server to the app in a header only this process can vouch
// for (docs/design.md#client-ip). Plain JavaScript: stamped by request-guard.mjs, which
// server.mjs runs on each request (and instrumentation.ts under `next start` / `next dev`).
import { randomBytes } from 'node:crypto';

export const SOCKET_IP_HEADER = 'x-lhp-socket-ip';
export const SOCKET_PROOF_HEADER = 'x-lhp-socket-proof';

const g = globalThis;

/** A per-process secret: a client can send both headers, but not this value. */
function proof() {
  return (g.__lhpSocketProof ??= randomBytes(24).toString('base64url'));
}

/** Overwrites whatever the client sent in the two headers with the socket's peer address. */
export function stampSocketAddress(req) {
  req.headers[SOCKET_IP_HEADER] = req.socket?.remoteAddress ?? '';
  req.headers[SOCKET_PROOF_HEADER] = proof();
}

/** The secret stamped on this process's requests, or undefined when nothing stamps them. */
export function socketStampProof() {
  return g.__lhpSocketProof;
}
