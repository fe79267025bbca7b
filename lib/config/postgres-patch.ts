import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * postgres.js 3.4.9 crashes the process when PostgreSQL closes a connection while a small write is
 * queued (porsager/postgres#1154, #1208). patches/postgres+3.4.9.patch guards it; patch-package applies
 * it on every `npm install` / `npm ci` (the postinstall script). This check refuses to start without
 * it, so an install that skipped scripts (`--ignore-scripts`) fails loudly instead of crashing later
 * under a database restart (docs/operations.md#postgres-patch says when the patch can go).
 */

export const POSTGRES_PATCH_MARK = '/* lhp-guard-null-socket */';
const PATCHED_FILES = ['src/connection.js', 'cjs/src/connection.js'];

/** The postgres.js files that lack the patch, under `packageDir` (default: the installed package). */
export function unpatchedPostgresFiles(packageDir = path.join(process.cwd(), 'node_modules', 'postgres')): string[] {
  return PATCHED_FILES.filter((file) => {
    const full = path.join(packageDir, file);
    return !existsSync(full) || !readFileSync(full, 'utf8').includes(POSTGRES_PATCH_MARK);
  });
}

/** Throws a configuration error naming the fix when the postgres.js patch is not applied. */
export function assertPostgresPatched(packageDir?: string): void {
  const missing = unpatchedPostgresFiles(packageDir);
  if (missing.length === 0) return;
  throw new Error(
    `postgres.js is not patched (${missing.map((f) => `node_modules/postgres/${f}`).join(', ')}): ` +
      'run `npx patch-package` (or `npm ci` without --ignore-scripts) to apply patches/postgres+3.4.9.patch. ' +
      'Without it a PostgreSQL restart can crash the server (docs/operations.md#postgres-patch).',
  );
}
