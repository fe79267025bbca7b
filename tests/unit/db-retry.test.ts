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
    await expect(statementWithRetry(async () => { calls++; throw pgError('40P01'); })).rejects.toThrow('Failed query');
    expect(calls).toBe(3);
    calls = 0;
    await expect(statementWithRetry(async () => { calls++; throw pgError('23505'); })).rejects.toThrow('Failed query');
    expect(calls).toBe(1);
  });
});
