import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { statementWithRetry } from '@/db/tx';

const pgError = (code: string) => Object.assign(new Error('Failed query'), { cause: { code } });

describe('statementWithRetry (a statement on its own, like a transaction)', () => {
  it('runs a statement again after a deadlock or serialization failure', async () => {
    let calls = 0;
    const result = await statementWithRetry(async () => {
      calls++;
      if (calls < 3) throw pgError(calls === 1 ? '40P01' : '40001');
      return 'moved';
    });
    expect(result).toBe('moved');
    expect(calls).toBe(3);
  });

  it('gives up after three attempts, and never retries any other error', async () => {
    let calls = 0;
    await expect(
      statementWithRetry(async () => {
        calls++;
        throw pgError('40P01');
      }),
    ).rejects.toThrow('Failed query');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      statementWithRetry(async () => {
        calls++;
        throw pgError('23505');
      }),
    ).rejects.toThrow('Failed query');
    expect(calls).toBe(1);
  });
});

describe('every transaction of the app', () => {
  /** Files of the app (not tests/, which may open a bare transaction to build a situation). */
  function sources(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'migrations') sources(p, out);
      } else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(p);
    }
    return out;
  }
  const files = ['lib', 'app', 'db', 'bench', 'scripts'].flatMap((d) => sources(d));

  it('goes through transactionWithRetry (db/tx.ts), so a deadlock or serialization failure is retried', () => {
    const bare = files
      .filter((f) => f !== path.join('db', 'tx.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ f, i, line })),
      )
      .filter(({ line }) => /\.transaction\(/.test(line) && !line.trim().startsWith('*'))
      .map(({ f, i }) => `${f}:${i + 1}`);
    expect(bare).toEqual([]);
  });

  it('hands its transaction on as a Db without a cast', () => {
    const casts = files.filter((f) => /\btx as (unknown|never|any)\b|as unknown as Db\b/.test(readFileSync(f, 'utf8')));
    expect(casts).toEqual([]);
  });
});
