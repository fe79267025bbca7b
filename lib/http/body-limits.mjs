// How large a request body may be, in bytes (docs/design.md#request-bodies). Plain
// JavaScript: read by server.mjs before Next is loaded, by next.config.ts and by lib/http/json.ts.
export const BODY_LIMITS = Object.freeze({
  /** Every body of the JSON API (/api/v1) is a few short fields. */
  jsonApi: 16 * 1024,
  /** Server actions and the other browser posts (sign-in, preferences, feedback forms). */
  serverAction: 64 * 1024,
});

/** The limit for a request to `pathname`. */
export function bodyLimitFor(pathname) {
  return pathname.startsWith('/api/v1/') ? BODY_LIMITS.jsonApi : BODY_LIMITS.serverAction;
}
