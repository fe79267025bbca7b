import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { appendAudit, verifyAuditChain } from '../../lib/audit';
import { registerShutdownCheckpoint, verifyAndCheckpoint } from '../../lib/audit/jobs';
import { openDatabase } from '../../db/client';
import { resetEnvCache } from '../../lib/config/env';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { auditKeysFrom, checkpointMessage, keyIdOf, signCheckpoint } from '../../lib/audit/keys';
import { logger } from '../../lib/log';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { asSuperuser, eventIds, makeAuditKeys, recomputeFrom, rewriteAndRecompute } from '../support/audit-attacks';
import { testAction } from '../support/audit-actions';

const ours = makeAuditKeys();
const publicOnly = auditKeysFrom({ AUDIT_PUBLIC_KEY: ours.publicPem })!;

async function appendMany(t: TestDatabase, n: number, tag: `test.${string}` = 'test.cp') {
  for (let i = 0; i < n; i++)
    await appendAudit(t.db, { actor: { type: 'system' }, action: testAction(tag), details: { i, name: 'テスト' } });
}

/** A database with 20 events, checkpoint A, 10 more, checkpoint B, 5 more (not yet checkpointed). */
async function chainWithCheckpoints() {
  const t = await createTestDatabase({ install: false });
  await appendMany(t, 20);
  const a = await verifyAndCheckpoint(t.db, { keys: ours.keys });
  await appendMany(t, 10);
  const b = await verifyAndCheckpoint(t.db, { keys: ours.keys });
  await appendMany(t, 5);
  return { t, a: a.checkpoint!, b: b.checkpoint! };
}

const dbs: TestDatabase[] = [];
afterEach(async () => {
  while (dbs.length) await dbs.pop()!.drop();
  vi.restoreAllMocks();
});

describe('signed checkpoints', () => {
  it('keys load from PEM (also with \\n escapes) and base64 DER; a wrong key type or garbage is a named configuration error', () => {
    const fromDer = auditKeysFrom({ AUDIT_SIGNING_KEY: ours.privateDer64 })!;
    expect(fromDer.signer!.keyId).toBe(ours.keys.signer!.keyId);
    expect(auditKeysFrom({ AUDIT_SIGNING_KEY: ours.privatePem.replace(/\n/g, '\\n') })!.signer!.keyId).toBe(
      ours.keys.signer!.keyId,
    );
    expect(
      auditKeysFrom({ AUDIT_PUBLIC_KEY: `${ours.publicDer64},${makeAuditKeys().publicPem}` })!.publicKeys,
    ).toHaveLength(2);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => auditKeysFrom({ AUDIT_SIGNING_KEY: String(rsa) })).toThrow(/^AUDIT_SIGNING_KEY: /);
    expect(() => auditKeysFrom({ AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/^AUDIT_SIGNING_KEY: /);
    expect(() => auditKeysFrom({ AUDIT_PUBLIC_KEY: 'bm9wZQ==' })).toThrow(/^AUDIT_PUBLIC_KEY: /);
    expect(auditKeysFrom({})).toBeNull();
  });

  it('a checkpoint signs the verified head, goes to the table and the log; nothing new is signed when nothing changed', async () => {
    const t = await createTestDatabase({ install: false });
    dbs.push(t);
    await appendMany(t, 12);
    const info = vi.spyOn(logger, 'info');
    const first = await verifyAndCheckpoint(t.db, { keys: ours.keys });
    expect(first).toMatchObject({ ok: true, anchor: 'genesis', checked: 12, checkpoint: { lastEventId: 12 } });
    const [cp] = await queryRows<{ head_hash: string; key_id: string }>(
      t.db,
      sql`select head_hash, key_id from audit_checkpoints`,
    );
    const [head] = await queryRows<{ hash: string }>(t.db, sql`select hash from audit_chain_head`);
    expect(cp).toEqual({ head_hash: head.hash, key_id: ours.keys.signer!.keyId });
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({
        event: 'audit.checkpoint',
        checkpoint: expect.objectContaining({ lastEventId: 12, headHash: head.hash }),
      }),
      expect.any(String),
    );
    expect(await verifyAndCheckpoint(t.db, { keys: ours.keys })).toMatchObject({
      ok: true,
      anchor: 'checkpoint',
      checked: 0,
      skipped: 'unchanged',
    });
    await appendMany(t, 3);
    // Incremental: only the rows after the newest valid checkpoint are read.
    expect(await verifyAndCheckpoint(t.db, { keys: ours.keys })).toMatchObject({
      ok: true,
      anchor: 'checkpoint',
      checked: 3,
      checkpoint: { lastEventId: 15 },
    });
    expect(await verifyAuditChain(t.db, { keys: publicOnly })).toMatchObject({
      ok: true,
      checkpoints: { checked: 2, signaturesChecked: true, issueCount: 0 },
    });
  });

  it('a last checkpoint is signed when the database closes (graceful shutdown), with the configured key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lhp-cp-'));
    const before = process.env.AUDIT_SIGNING_KEY;
    process.env.AUDIT_SIGNING_KEY = ours.privateDer64;
    resetEnvCache();
    try {
      const open = () =>
        process.env.DATABASE_URL
          ? createTestDatabase({ install: false })
          : openDatabase({ pgliteDir: path.join(dir, 'db'), migrate: true });
      const first = await open();
      for (let i = 0; i < 3; i++)
        await appendAudit(first.db, { actor: { type: 'system' }, action: testAction('test.shutdown'), details: { i } });
      registerShutdownCheckpoint(first.db);
      const url = (first as TestDatabase).url;
      await first.close();
      const again = url
        ? await openDatabase({ url, poolMax: 1 })
        : await openDatabase({ pgliteDir: path.join(dir, 'db') });
      const rows = await queryRows<{ last_event_id: number | string; key_id: string }>(
        again.db,
        sql`select last_event_id, key_id from audit_checkpoints`,
      );
      expect(rows.map((r) => [Number(r.last_event_id), r.key_id])).toEqual([[3, ours.keys.signer!.keyId]]);
      await again.close();
      if (url) await (first as TestDatabase).drop();
    } finally {
      if (before === undefined) delete process.env.AUDIT_SIGNING_KEY;
      else process.env.AUDIT_SIGNING_KEY = before;
      resetEnvCache();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a key: verified and recorded, no checkpoint written', async () => {
    const t = await createTestDatabase({ install: false });
    dbs.push(t);
    await appendMany(t, 4);
    expect(await verifyAndCheckpoint(t.db, { keys: null })).toMatchObject({
      ok: true,
      skipped: 'no_key',
      checkpoint: null,
    });
    await appendMany(t, 2);
    expect(await verifyAndCheckpoint(t.db, { keys: null })).toMatchObject({
      ok: true,
      anchor: 'verification',
      checked: 2,
    });
    const [{ n }] = await queryRows<{ n: number | string }>(t.db, sql`select count(*) as n from audit_checkpoints`);
    expect(Number(n)).toBe(0);
  });
});

describe('attacks on the chain (a database superuser)', () => {
  it('rewriting a row and recomputing every later hash and the head: consistent in itself, caught by the first checkpoint after it', async () => {
    const { t, a, b } = await chainWithCheckpoints();
    dbs.push(t);
    const ids = await eventIds(t.db);
    await rewriteAndRecompute(t.db, ids[9], { i: 9, name: 'forged' });
    // Without the signed checkpoints the rewrite is invisible: rows and head agree again.
    const unsigned = await verifyAuditChain(t.db, { keys: null });
    expect(unsigned).toMatchObject({ brokenCount: 0, head: { ok: true } });
    const report = await verifyAuditChain(t.db, { keys: publicOnly });
    expect(report.ok).toBe(false);
    expect(report.checkpoints.issues.map((c) => [c.id, c.reason])).toEqual([
      [a.id, 'hash_mismatch'],
      [b.id, 'hash_mismatch'],
    ]);
    // The scheduled run starts at checkpoint B, finds its row changed, and signs nothing over it.
    const error = vi.spyOn(logger, 'error');
    const job = await verifyAndCheckpoint(t.db, { keys: ours.keys });
    expect(job).toMatchObject({ ok: false, anchor: 'checkpoint', skipped: 'broken', checkpoint: null });
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ event: 'audit.chain.broken' }), expect.any(String));
  });

  it('truncating the tail (and moving the head back): the checkpoint that named a removed event says so', async () => {
    const { t, b } = await chainWithCheckpoints();
    dbs.push(t);
    const ids = await eventIds(t.db);
    await asSuperuser(t.db, async () => {
      await t.db.execute(sql`delete from audit_events where id >= ${ids[25]}`);
      await t.db.execute(
        sql`update audit_chain_head set prev_hash = e.prev_hash, hash = e.hash from (select prev_hash, hash from audit_events order by id desc limit 1) e`,
      );
    });
    const report = await verifyAuditChain(t.db, { keys: publicOnly });
    expect(report).toMatchObject({ ok: false, brokenCount: 0, head: { ok: true } });
    expect(report.checkpoints.issues).toEqual([expect.objectContaining({ id: b.id, reason: 'event_missing' })]);
  });

  it('truncating the tail without touching the head, or deleting the head row: the head check fails', async () => {
    const { t } = await chainWithCheckpoints();
    dbs.push(t);
    const ids = await eventIds(t.db);
    await asSuperuser(t.db, async () => {
      await t.db.execute(sql`delete from audit_events where id = ${ids[ids.length - 1]}`);
    });
    expect(await verifyAuditChain(t.db, { keys: publicOnly })).toMatchObject({
      ok: false,
      head: { ok: false, reason: 'head_mismatch' },
    });
    await t.db.execute(sql`delete from audit_chain_head`);
    expect(await verifyAuditChain(t.db, { keys: publicOnly })).toMatchObject({
      ok: false,
      head: { ok: false, reason: 'head_missing' },
    });
  });

  it('reordering two rows (ids swapped): both places are reported', async () => {
    const { t } = await chainWithCheckpoints();
    dbs.push(t);
    const ids = await eventIds(t.db);
    await asSuperuser(t.db, async () => {
      await t.db.execute(sql`update audit_events set id = -1 where id = ${ids[30]}`);
      await t.db.execute(sql`update audit_events set id = ${ids[30]} where id = ${ids[32]}`);
      await t.db.execute(sql`update audit_events set id = ${ids[32]} where id = -1`);
    });
    const report = await verifyAuditChain(t.db, { keys: publicOnly });
    expect(report.ok).toBe(false);
    expect(report.broken.map((r) => [r.fromId, r.toId])).toEqual([[ids[30], ids[33]]]);
    // Reordered and recomputed after the newest checkpoint: nothing signed covers these rows yet, so this is the
    // window a checkpoint interval leaves open (docs/operations.md) — rows and head agree again.
    await asSuperuser(t.db, () => recomputeFrom(t.db, ids[30]));
    expect(await verifyAuditChain(t.db, { keys: publicOnly })).toMatchObject({ brokenCount: 0, head: { ok: true } });
  });

  it('forged checkpoints: a bad signature, another key, another key under our key id — each reported, and none becomes the anchor', async () => {
    const { t, b } = await chainWithCheckpoints();
    dbs.push(t);
    const ids = await eventIds(t.db);
    const last = ids[ids.length - 1];
    const [row] = await queryRows<{ hash: string }>(t.db, sql`select hash from audit_events where id = ${last}`);
    const at = '2030-01-01T00:00:00.000Z';
    const theirs = makeAuditKeys();
    const garbage = Buffer.alloc(64, 7).toString('base64');
    const other = signCheckpoint(theirs.keys.signer!, { lastEventId: last, headHash: row.hash, at });
    const { privateKey: k3 } = generateKeyPairSync('ed25519');
    const underOurId = sign(
      null,
      checkpointMessage({ lastEventId: last, headHash: row.hash, at, keyId: ours.keys.signer!.keyId }),
      k3,
    ).toString('base64');
    for (const [keyId, signature] of [
      [ours.keys.signer!.keyId, garbage],
      [other.keyId, other.signature],
      [ours.keys.signer!.keyId, underOurId],
    ]) {
      await t.db.execute(
        sql`insert into audit_checkpoints (at, last_event_id, head_hash, key_id, signature) values (${at}::timestamptz, ${last}, ${row.hash}, ${keyId}, ${signature})`,
      );
    }
    const report = await verifyAuditChain(t.db, { keys: publicOnly });
    expect(report.checkpoints.issues.map((c) => c.reason)).toEqual([
      'signature_invalid',
      'unknown_key',
      'signature_invalid',
    ]);
    expect(keyIdOf(theirs.keys.publicKeys[0].key)).toBe(other.keyId);
    // The job anchors on checkpoint B (the newest genuine one) and reports the forged ones after it.
    const job = await verifyAndCheckpoint(t.db, { keys: ours.keys });
    expect(job).toMatchObject({ ok: false, anchor: 'checkpoint', skipped: 'broken' });
    const [v] = await queryRows<{ result: unknown }>(
      t.db,
      sql`select result from audit_verifications where id = ${job.verification}`,
    );
    const result = (typeof v.result === 'string' ? JSON.parse(v.result) : v.result) as {
      anchorCheckpoint: number;
      checkpoints: { issueCount: number };
    };
    expect(result.anchorCheckpoint).toBe(b.id);
    expect(result.checkpoints.issueCount).toBe(3);
  });
});
