import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { auditKeysFrom, type AuditKeys } from '../../lib/audit/keys';
import { EVENT_COLUMNS, recompute, type EventRow } from '../../lib/audit/verify';

/** A fresh Ed25519 pair in the two forms the environment takes (PEM, base64 DER) and as loaded keys. */
export function makeAuditKeys(): {
  privatePem: string;
  publicPem: string;
  privateDer64: string;
  publicDer64: string;
  keys: AuditKeys;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem = String(privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const publicPem = String(publicKey.export({ format: 'pem', type: 'spki' }));
  return {
    privatePem,
    publicPem,
    privateDer64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicDer64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    keys: auditKeysFrom({ AUDIT_SIGNING_KEY: privatePem })!,
  };
}

/** What a database superuser can do: turn the append-only triggers off for a moment. */
export async function asSuperuser(db: Db, fn: () => Promise<void>): Promise<void> {
  await db.execute(sql`alter table audit_events disable trigger user`);
  await db.execute(sql`alter table audit_checkpoints disable trigger user`);
  try {
    await fn();
  } finally {
    await db.execute(sql`alter table audit_events enable trigger user`);
    await db.execute(sql`alter table audit_checkpoints enable trigger user`);
  }
}

/**
 * The attack of RT-45: rewrite one row, then recompute every later hash and the head, so the chain
 * is consistent in itself again. Runs on `db` (which must be allowed to disable triggers).
 */
export async function rewriteAndRecompute(db: Db, victimId: number, details: Record<string, unknown>): Promise<void> {
  await asSuperuser(db, async () => {
    await db.execute(sql`update audit_events set details = ${JSON.stringify(details)}::jsonb where id = ${victimId}`);
    await recomputeFrom(db, victimId);
  });
}

/** Recomputes prev_hash/hash of every row from `fromId` on (and the head) — call inside asSuperuser. */
export async function recomputeFrom(db: Db, fromId: number): Promise<void> {
  const rows = await queryRows<EventRow>(
    db,
    sql`select ${EVENT_COLUMNS} from audit_events where id >= ${fromId} order by id`,
  );
  const [before] = await queryRows<{ hash: string }>(
    db,
    sql`select hash from audit_events where id < ${fromId} order by id desc limit 1`,
  );
  let prev = before?.hash ?? '0'.repeat(64);
  let last: { prev: string; hash: string } | null = null;
  for (const r of rows) {
    const hash = recompute({ ...r, prev_hash: prev });
    await db.execute(sql`update audit_events set prev_hash = ${prev}, hash = ${hash} where id = ${r.id}`);
    last = { prev, hash };
    prev = hash;
  }
  if (last)
    await db.execute(sql`update audit_chain_head set prev_hash = ${last.prev}, hash = ${last.hash} where id = 1`);
}

export async function eventIds(db: Db): Promise<number[]> {
  return (await queryRows<{ id: number | string }>(db, sql`select id from audit_events order by id`)).map((r) =>
    Number(r.id),
  );
}
