import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '@/lib/http/server-flags.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the flags the server runs with', () => {
  it('are the same in `npm start` as in the demo and the test servers', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe(`NODE_ENV=production node ${SERVER_NODE_FLAGS.join(' ')} server.mjs`);
  });

  it('give the V8 heap a limit of 512 MiB, which sets how far it grows past what is live', () => {
    const out = spawnSync(
      process.execPath,
      [...SERVER_NODE_FLAGS, '-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit)'],
      { encoding: 'utf8' },
    );
    const mib = Number(out.stdout) / 1048576;
    // The limit covers the old generation (512) and the young one beside it.
    expect(mib).toBeGreaterThanOrEqual(512);
    expect(mib).toBeLessThan(600);
  });
});
