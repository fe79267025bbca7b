import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The suite runs against the production build; build it once if CI has not already. */
export async function setup() {
  const root = path.resolve(import.meta.dirname, '..', '..');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    const b = spawnSync('npx', ['next', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (b.status !== 0) throw new Error('next build failed');
  }
}
