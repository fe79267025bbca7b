import type { NextConfig } from 'next';
import { API_HEADER_SOURCES, apiSecurityHeaders } from './lib/http/api-headers';

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'pino', 'nodemailer'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The JSON API skips the proxy (proxy.ts); its security headers are static.
  async headers() {
    return API_HEADER_SOURCES.map((source) => ({ source, headers: apiSecurityHeaders() }));
  },
};

export default nextConfig;
