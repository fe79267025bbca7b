import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { envSchema } from '@/lib/config/env';

/*
 * Every environment variable is read through lib/config/env.ts, and the README's configuration table
 * lists each one: a variable added to the schema without a README row fails here.
 */

const root = path.resolve(__dirname, '../..');

function readmeVariables(): Set<string> {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]!.split(/^## /m)[0]!;
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1]!;
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1]!);
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(name) ? [full] : [];
  });
}

describe('configuration', () => {
  const schemaKeys = Object.keys(envSchema.shape);

  it('the README configuration table lists every variable the app reads, and no other', () => {
    const documented = readmeVariables();
    expect(schemaKeys.filter((k) => !documented.has(k))).toEqual([]);
    expect([...documented].filter((k) => !schemaKeys.includes(k))).toEqual([]);
  });

  it('declares the process-wide handles once (lib/config/process-globals.ts), with no casts of globalThis elsewhere', () => {
    const files = ['lib', 'app', 'db']
      .flatMap((d) => sourceFiles(path.join(root, d)))
      .concat([path.join(root, 'instrumentation.ts')]);
    const declaring = files
      .filter((f) => readFileSync(f, 'utf8').includes('declare global'))
      .map((f) => path.relative(root, f));
    expect(declaring).toEqual(['lib/config/process-globals.ts']);
    const casting = files
      .filter((f) => /globalThis as unknown as/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(casting).toEqual([]);
  });

  it('reads the environment only in lib/config/env.ts (server.mjs: the listen address, before the app loads)', () => {
    const allowed: Record<string, string[]> = {
      'lib/config/env.ts': [],
      'server.mjs': ['PORT', 'HOSTNAME_BIND'],
      'instrumentation.ts': ['NEXT_RUNTIME'],
      // A tool, like bench/: where to serve the build it photographs, and where to resume an interrupted run.
      'scripts/screenshots.ts': ['SHOTS_PORT', 'SHOTS_FROM'],
    };
    const files = [
      ...['lib', 'app', 'db', 'scripts'].flatMap((d) => sourceFiles(path.join(root, d))),
      ...['proxy.ts', 'instrumentation.ts', 'server.mjs', 'next.config.ts'].map((f) => path.join(root, f)),
    ];
    const stray: string[] = [];
    for (const file of files) {
      const rel = path.relative(root, file);
      if (rel === 'lib/config/env.ts') continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/process\.env(?:\.([A-Z_][A-Z0-9_]*)|\[|\b)/g)) {
        const key = m[1];
        const line = text.slice(0, m.index).split('\n').length;
        // scripts/demo.ts fills in variables for the server it starts (writes, and the child's environment).
        if (rel === 'scripts/demo.ts' && /process\.env\.[A-Z_]+ =|\.\.\.process\.env/.test(text.split('\n')[line - 1]!))
          continue;
        if (key && allowed[rel]?.includes(key)) continue;
        stray.push(`${rel}:${line}`);
      }
    }
    expect(stray).toEqual([]);
  });
});
