import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertPostgresPatched, POSTGRES_PATCH_MARK, unpatchedPostgresFiles } from '@/lib/config/postgres-patch';

/* The postgres.js patch (patches/postgres+3.4.9.patch) is applied by `npm ci`, and start-up refuses a tree without it. */

const installed = path.join(process.cwd(), 'node_modules', 'postgres');

describe('the postgres.js patch', () => {
  it('is applied to the installed package (npm ci ran patch-package)', () => {
    expect(unpatchedPostgresFiles()).toEqual([]);
    expect(() => assertPostgresPatched()).not.toThrow();
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    const root = JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    // The patch file is named for the exact version it applies to; both pins must move together.
    expect(pkg.version).toBe(root.dependencies.postgres);
    expect(readFileSync(path.join(process.cwd(), 'patches', `postgres+${pkg.version}.patch`), 'utf8')).toContain(
      POSTGRES_PATCH_MARK,
    );
    expect(root.scripts.postinstall).toMatch(/^patch-package\b/);
  });

  it('stops start-up with a message naming the fix when a file is unpatched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lhp-pg-'));
    try {
      for (const f of ['src', 'cjs/src'])
        cpSync(path.join(installed, f, 'connection.js'), path.join(dir, f, 'connection.js'), { recursive: true });
      const cjs = path.join(dir, 'cjs/src/connection.js');
      writeFileSync(cjs, readFileSync(cjs, 'utf8').replace(POSTGRES_PATCH_MARK, ''));
      expect(unpatchedPostgresFiles(dir)).toEqual(['cjs/src/connection.js']);
      expect(() => assertPostgresPatched(dir)).toThrow(
        /postgres\.js is not patched .*cjs\/src\/connection\.js.*npx patch-package/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
