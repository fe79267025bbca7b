import { defineConfig } from 'vitest/config';
import path from 'node:path';

export default defineConfig({
  resolve: {
    alias: { '@': import.meta.dirname, 'server-only': path.resolve(import.meta.dirname, 'tests/support/empty.ts') },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Files named *.pg.test.ts exercise what only a PostgreSQL server has (killing a backend, statement
    // timeouts, two connections racing); they run in the PostgreSQL pass of CI, not on PGlite.
    exclude: process.env.DATABASE_URL ? ['**/node_modules/**'] : ['**/node_modules/**', 'tests/**/*.pg.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['tests/support/setup.ts'],
    // next-auth imports 'next/server' without an extension (Node's ESM loader refuses it): let Vite load
    // it, which also lets a test's vi.mock('next/headers') reach auth() (tests/integration/staff-session).
    server: { deps: { inline: ['next-auth'] } },
  },
});
