import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { appendAudit } from '../../lib/audit';
import { verifyAndCheckpoint } from '../../lib/audit/jobs';
import { recompute, EVENT_COLUMNS_SQL, type EventRow } from '../../lib/audit/verify';
import { logger } from '../../lib/log';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { makeAuditKeys } from '../support/audit-attacks';
import { testAction } from '../support/audit-actions';

const keys = makeAuditKeys();
let t: TestDatabase;
const logged: string[] = [];
const checkpointIds: number[] = [];

/** `npm run audit:verify` against the test database, with only the public key. */
function auditVerify(extra: string[] = []): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-verify.ts', ...extra],
      {
        env: { ...process.env, DATABASE_URL: t.url!, AUDIT_PUBLIC_KEY: keys.publicPem, AUDIT_SIGNING_KEY: '' },
        timeout: 60_000,
      },
      (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const info = vi.spyOn(logger, 'info').mockImplementation(((obj: unknown) => {
    if ((obj as { event?: string }).event === 'audit.checkpoint') logged.push(JSON.stringify(obj));
  }) as never);
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 15; i++)
      await appendAudit(t.db, { actor: { type: 'system' }, action: testAction('test.rt45'), details: { round, i } });
    const o = await verifyAndCheckpoint(t.db, { keys: keys.keys });
    checkpointIds.push(o.checkpoint!.id);
  }
  for (let i = 0; i < 5; i++)
    await appendAudit(t.db, { actor: { type: 'system' }, action: testAction('test.rt45.tail') });
  info.mockRestore();
});
afterAll(async () => {
  await t?.drop();
});

describe('RT-45: a database superuser rewrites a row and recomputes the chain', () => {
  it('RT-45: audit:verify passes on the untouched chain', async () => {
    const r = await auditVerify();
    expect(r.stdout).toContain('RESULT: intact');
    expect(r.code).toBe(0);
  });

  it('RT-45: after the superuser rewrite (trigger off, row changed, every later hash and the head recomputed) audit:verify fails naming the first checkpoint that no longer matches', async () => {
    // A separate superuser connection, as an attacker with database access would have.
    const su = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      const [{ rolsuper }] = await su`select rolsuper from pg_roles where rolname = current_user`;
      expect(rolsuper).toBe(true);
      await su.begin(async (tx) => {
        await tx`alter table audit_events disable trigger audit_events_no_update`;
        const victim = (
          await tx`select id from audit_events where action = 'test.rt45' order by id offset 20 limit 1`
        )[0].id;
        await tx`update audit_events set details = '{"round": 1, "i": 5, "forged": true}'::jsonb where id = ${victim}`;
        const rows = await tx.unsafe<EventRow[]>(
          `select ${EVENT_COLUMNS_SQL} from audit_events where id >= $1 order by id`,
          [victim],
        );
        let prev = (await tx`select hash from audit_events where id < ${victim} order by id desc limit 1`)[0]
          .hash as string;
        let last = { prev, hash: prev };
        for (const r of rows) {
          const hash = recompute({ ...r, prev_hash: prev });
          await tx`update audit_events set prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`;
          last = { prev, hash };
          prev = hash;
        }
        await tx`update audit_chain_head set prev_hash = ${last.prev}, hash = ${last.hash}`;
        await tx`alter table audit_events enable trigger audit_events_no_update`;
      });
    } finally {
      await su.end();
    }
    // Rows and head agree again: only the signatures can tell.
    const noSig = await auditVerify(['--no-signatures']);
    expect(noSig.stdout).toContain('chain: intact');
    expect(noSig.stdout).toContain('head: matches the newest event');

    const r = await auditVerify();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FIRST CHECKPOINT THAT NO LONGER MATCHES: checkpoint #${checkpointIds[1]} `);
    expect(r.stdout).toContain('has a different hash now');
    expect(r.stdout).toContain('RESULT: TAMPERING OR DAMAGE DETECTED');
  });

  it('RT-45: deleting the checkpoints too does not hide it: the logged checkpoints are checked against the chain', async () => {
    const su = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      await su.begin(async (tx) => {
        await tx`alter table audit_checkpoints disable trigger audit_checkpoints_no_update`;
        await tx`delete from audit_checkpoints`;
        await tx`alter table audit_checkpoints enable trigger audit_checkpoints_no_update`;
      });
    } finally {
      await su.end();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'rt45-'));
    const log = path.join(dir, 'app.log');
    writeFileSync(log, `${['{"level":30,"msg":"ready"}', ...logged, 'not json'].join('\n')}\n`);
    const r = await auditVerify(['--checkpoint-log', log]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FIRST LOGGED CHECKPOINT THAT NO LONGER MATCHES: checkpoint #${checkpointIds[1]} `);
    expect(r.stdout).toContain('LOGGED CHECKPOINTS REMOVED OR CHANGED IN audit_checkpoints: 3');
  });

  it('RT-45: without a public key audit:verify refuses to vouch for the chain (exit 2)', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/audit-verify.ts'],
        { env: { ...process.env, DATABASE_URL: t.url!, AUDIT_PUBLIC_KEY: '', AUDIT_SIGNING_KEY: '' } },
        (err, stdout) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout }),
      );
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('No public key');
  });
});
