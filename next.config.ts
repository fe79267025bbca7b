import type { NextConfig } from 'next';
import { API_HEADER_SOURCES, apiSecurityHeaders } from './lib/http/api-headers';
import { BODY_LIMITS } from './lib/http/body-limits.mjs';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // prom-client: one registry per process, shared with server.mjs (lib/metrics/registry.mjs).
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pino', 'nodemailer', 'prom-client'],
  poweredByHeader: false,
  // Request bodies are bounded while they are read (docs/design.md#request-bodies):
  // server.mjs answers 413 first; these keep Next itself (`next start`, `next dev`) to the same
  // numbers — an action body over the limit is refused, and the copy Next makes of a body for the
  // proxy never grows past it.
  experimental: {
    // The stylesheets (some 7 KiB gzip in all) go inside the HTML: on a phone's slow network the first paint then
    // waits for the page alone, not for a stylesheet queued behind the scripts (docs/benchmarks.md#web-vitals).
    // style-src already allows inline styles (proxy.ts).
    inlineCss: true,
    serverActions: { bodySizeLimit: BODY_LIMITS.serverAction },
    proxyClientMaxBodySize: BODY_LIMITS.serverAction,
  },
  reactStrictMode: true,
  // The JSON API skips the proxy (proxy.ts); its security headers are static.
  async headers() {
    return API_HEADER_SOURCES.map((source) => ({ source, headers: apiSecurityHeaders() }));
  },
};

export default nextConfig;
