// npm run audit:verify — checks the audit chain, its head and every signed checkpoint (docs/operations.md)
//
//   npm run audit:verify                                   the database of DATABASE_URL (or the embedded one)
//   npm run audit:verify -- --checkpoint-log app.log       also the checkpoints the app logged (event audit.checkpoint)
//   npm run audit:verify -- --no-signatures                without a public key: rows and head only
//   npm run audit:verify -- --print-public-key             the public key of AUDIT_SIGNING_KEY, to keep elsewhere
//   npm run audit:verify -- --generate-key                 a new key pair (PKCS#8 / SPKI PEM)
//
// Exit status: 0 intact; 1 a break (a broken range, the head, a checkpoint that no longer matches);
// 2 cannot check (no public key, database unreachable).
import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, pgTextArray, queryRows, type Db } from '../db/client';
import { env } from '../lib/config/env';
import { storedTimestamp } from '../lib/audit/canonical';
import { auditKeysFrom, checkCheckpointSignature, keyIdOf, publicKeyPem, type AuditKeys } from '../lib/audit/keys';
import { walkChain, type ChainReport, type CheckpointIssue } from '../lib/audit/verify';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = (line = '') => process.stdout.write(`${line}\n`);

type LoggedCheckpoint = {
  id: number;
  lastEventId: number;
  headHash: string;
  at: string;
  keyId: string;
  signature: string;
  line: number;
};
type LogIssue = {
  checkpoint: LoggedCheckpoint;
  reason:
    | 'signature_invalid'
    | 'unknown_key'
    | 'hash_mismatch'
    | 'event_missing'
    | 'missing_from_table'
    | 'differs_from_table';
};

/** The `audit.checkpoint` lines of a JSON log (pino), in order. */
async function readCheckpointLog(file: string): Promise<LoggedCheckpoint[]> {
  const found: LoggedCheckpoint[] = [];
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.includes('"audit.checkpoint"')) continue;
    try {
      const entry = JSON.parse(line) as { event?: string; checkpoint?: Omit<LoggedCheckpoint, 'line'> };
      if (entry.event === 'audit.checkpoint' && entry.checkpoint) found.push({ ...entry.checkpoint, line: n });
    } catch {
      /* not a JSON line */
    }
  }
  return found;
}

/** Each logged checkpoint: signed by our key, matching the chain, and still in the table as logged. */
async function checkLoggedCheckpoints(db: Db, keys: AuditKeys | null, logged: LoggedCheckpoint[]): Promise<LogIssue[]> {
  const issues: LogIssue[] = [];
  for (let i = 0; i < logged.length; i += 500) {
    const part = logged.slice(i, i + 500);
    const events = await queryRows<{ id: number | string; hash: string }>(
      db,
      sql`
      select id, hash from audit_events where id = any(${pgTextArray(part.map((c) => String(c.lastEventId)))}::text::bigint[])`,
    );
    const cps = await queryRows<{
      id: number | string;
      last_event_id: number | string;
      head_hash: string;
      key_id: string;
      signature: string;
    }>(
      db,
      sql`
      select id, last_event_id, head_hash, key_id, signature from audit_checkpoints where id = any(${pgTextArray(part.map((c) => String(c.id)))}::text::bigint[])`,
    );
    const eventHash = new Map(events.map((e) => [Number(e.id), e.hash]));
    const row = new Map(cps.map((c) => [Number(c.id), c]));
    for (const c of part) {
      if (keys?.publicKeys.length) {
        const sig = checkCheckpointSignature(keys.publicKeys, { ...c, at: storedTimestamp(c.at) });
        if (sig !== 'ok') {
          issues.push({ checkpoint: c, reason: sig });
          continue;
        }
      }
      const h = c.lastEventId === 0 ? '0'.repeat(64) : eventHash.get(c.lastEventId);
      if (h === undefined) issues.push({ checkpoint: c, reason: 'event_missing' });
      else if (h !== c.headHash) issues.push({ checkpoint: c, reason: 'hash_mismatch' });
      const r = row.get(c.id);
      if (!r) issues.push({ checkpoint: c, reason: 'missing_from_table' });
      else if (Number(r.last_event_id) !== c.lastEventId || r.head_hash !== c.headHash || r.signature !== c.signature)
        issues.push({ checkpoint: c, reason: 'differs_from_table' });
    }
  }
  return issues;
}

const REASON: Record<string, string> = {
  hash_mismatch: 'the event it names has a different hash now (rewritten)',
  event_missing: 'the event it names is gone (deleted or truncated)',
  signature_invalid: 'its signature does not verify (forged or altered)',
  unknown_key: 'signed by a key that is not ours',
  missing_from_table: 'logged by the app but no longer in audit_checkpoints',
  differs_from_table: 'the row in audit_checkpoints differs from what was logged',
};

function describeCheckpoint(c: CheckpointIssue): string {
  return `checkpoint #${c.id} (up to event ${c.lastEventId}, signed ${c.at}, key ${c.keyId}): ${REASON[c.reason] ?? c.reason}`;
}

function printReport(r: ChainReport, logIssues: LogIssue[] | null, keys: AuditKeys | null): boolean {
  out(`events checked: ${r.checked} (ids 1–${r.toEventId})`);
  if (r.brokenCount === 0) out('chain: intact');
  else {
    out(`chain: BROKEN in ${r.brokenCount} range(s)`);
    for (const b of r.broken) out(`  events ${b.fromId}–${b.toId} (${b.rows} row(s)): ${b.reasons.join(', ')}`);
    if (r.brokenCount > r.broken.length) out(`  … and ${r.brokenCount - r.broken.length} more`);
  }
  out(
    r.head.ok
      ? 'head: matches the newest event'
      : `head: ${r.head.reason === 'head_missing' ? 'MISSING (audit_chain_head has no row)' : 'DOES NOT MATCH the newest event (tail removed or head rewritten)'}`,
  );
  const cp = r.checkpoints;
  out(
    `checkpoints: ${cp.checked} checked${cp.signaturesChecked ? `, signatures against key(s) ${keys!.publicKeys.map((k) => k.keyId).join(', ')}` : ', signatures NOT checked'}`,
  );
  if (cp.issueCount > 0) {
    out(`FIRST CHECKPOINT THAT NO LONGER MATCHES: ${describeCheckpoint(cp.issues[0])}`);
    for (const c of cp.issues.slice(1)) out(`  also ${describeCheckpoint(c)}`);
    if (cp.issueCount > cp.issues.length) out(`  … and ${cp.issueCount - cp.issues.length} more`);
  }
  if (logIssues) {
    const table = new Set(['missing_from_table', 'differs_from_table']);
    const chainSide = logIssues.filter((x) => !table.has(x.reason));
    const tableSide = logIssues.filter((x) => table.has(x.reason));
    if (logIssues.length === 0) out('checkpoint log: every logged checkpoint matches the chain and the table');
    if (chainSide.length) {
      const first = chainSide[0];
      out(
        `FIRST LOGGED CHECKPOINT THAT NO LONGER MATCHES: checkpoint #${first.checkpoint.id} (up to event ${first.checkpoint.lastEventId}, log line ${first.checkpoint.line}): ${REASON[first.reason]}`,
      );
      for (const x of chainSide.slice(1, 20)) out(`  also checkpoint #${x.checkpoint.id}: ${REASON[x.reason]}`);
    }
    if (tableSide.length) {
      out(`LOGGED CHECKPOINTS REMOVED OR CHANGED IN audit_checkpoints: ${tableSide.length}`);
      for (const x of tableSide.slice(0, 20))
        out(`  checkpoint #${x.checkpoint.id} (log line ${x.checkpoint.line}): ${REASON[x.reason]}`);
    }
  }
  const ok = r.ok && (logIssues?.length ?? 0) === 0;
  out(ok ? 'RESULT: intact' : 'RESULT: TAMPERING OR DAMAGE DETECTED');
  return ok;
}

async function main(): Promise<number> {
  if (flag('--generate-key')) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    out('# AUDIT_SIGNING_KEY (keep secret, outside the database):');
    out(String(privateKey.export({ format: 'pem', type: 'pkcs8' })).trim());
    out(
      `# AUDIT_PUBLIC_KEY (key id ${keyIdOf(publicKey)}; publish it where the database administrators cannot write):`,
    );
    out(publicKeyPem(publicKey).trim());
    return 0;
  }
  const e = env();
  let keys: AuditKeys | null;
  try {
    keys = auditKeysFrom(e);
  } catch (err) {
    out(`configuration: ${(err as Error).message}`);
    return 2;
  }
  if (flag('--print-public-key')) {
    if (!keys?.signer) {
      out('AUDIT_SIGNING_KEY is not set');
      return 2;
    }
    const pub = createPublicKey(keys.signer.key);
    out(`# key id ${keys.signer.keyId}`);
    out(publicKeyPem(pub).trim());
    return 0;
  }
  if (!keys?.publicKeys.length && !flag('--no-signatures')) {
    out(
      'No public key: set AUDIT_PUBLIC_KEY (or AUDIT_SIGNING_KEY), or pass --no-signatures to check the rows and the head only.',
    );
    return 2;
  }
  const logFile = option('--checkpoint-log');
  const batchSize = Number(option('--batch') ?? 2000);
  const h = await openDatabase(
    e.DATABASE_URL
      ? { url: e.DATABASE_URL, migrate: false, poolMax: 2 }
      : { pgliteDir: path.resolve(e.PGLITE_DIR), migrate: false },
  );
  try {
    const started = Date.now();
    const report = await walkChain(h.db, { keys: flag('--no-signatures') ? null : keys, batchSize });
    const logIssues = logFile
      ? await checkLoggedCheckpoints(h.db, flag('--no-signatures') ? null : keys, await readCheckpointLog(logFile))
      : null;
    const ok = printReport(report, logIssues, keys);
    out(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return ok ? 0 : 1;
  } finally {
    await h.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    out(`audit:verify could not run: ${err instanceof Error ? err.name : 'error'}`);
    process.exit(2);
  },
);
