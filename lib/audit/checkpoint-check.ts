import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { GENESIS_HASH, storedTimestamp } from './canonical';
import { checkCheckpointSignature } from './keys';

/**
 * The checkpoint half of the chain walk (lib/audit/verify.ts): every signed checkpoint in a range of
 * ids is compared with the event row it names — before the walk's start directly, on the way as the
 * walk reaches its event (read ahead a few at a time), and past the newest event as missing.
 */

export type CheckpointIssueReason = 'signature_invalid' | 'unknown_key' | 'hash_mismatch' | 'event_missing';
export type CheckpointIssue = {
  id: number;
  lastEventId: number;
  at: string;
  keyId: string;
  reason: CheckpointIssueReason;
};

export type CheckpointReport = {
  checked: number;
  /** False when no public key was given: checkpoints were compared with the rows, not their signatures. */
  signaturesChecked: boolean;
  issues: CheckpointIssue[];
  issueCount: number;
};

type CheckpointRow = {
  id: number | string;
  last_event_id: number | string;
  head_hash: string;
  key_id: string;
  signature: string;
  at: string;
  event_hash?: string | null;
};

const MAX_LISTED = 100;
/** Checkpoints read ahead per query. */
const CHECKPOINTS_AHEAD = 200;

const num = (v: number | string) => Number(v);
const CP_AT = sql.raw(`to_char(c.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`);

export type CheckpointScope = {
  /** Only checkpoints with an id in (minId, maxId] are checked. */
  minId: number;
  maxId: number;
  /** The newest event of the walk. */
  targetId: number;
  /** Public keys for the signatures; none: signatures are not checked. */
  publicKeys: Parameters<typeof checkCheckpointSignature>[0];
};

/** A checker for one walk: call `before`, then `upTo` after each batch, then `beyond`, then read `report`. */
export function checkpointChecker(db: Db, scope: CheckpointScope) {
  const { minId, maxId, targetId, publicKeys } = scope;
  const signaturesChecked = publicKeys.length > 0;
  const issues: CheckpointIssue[] = [];
  let issueCount = 0;
  let checked = 0;

  const check = (c: CheckpointRow, eventHash: string | null | undefined) => {
    checked++;
    const claim = {
      lastEventId: num(c.last_event_id),
      headHash: c.head_hash,
      at: storedTimestamp(`${c.at}Z`),
      keyId: c.key_id,
    };
    let reason: CheckpointIssueReason | null = null;
    if (signaturesChecked) {
      const sig = checkCheckpointSignature(publicKeys, { ...claim, signature: c.signature });
      if (sig !== 'ok') reason = sig;
    }
    if (!reason) {
      if (eventHash == null) reason = 'event_missing';
      else if (eventHash !== c.head_hash) reason = 'hash_mismatch';
    }
    if (!reason) return;
    issueCount++;
    if (issues.length < MAX_LISTED)
      issues.push({ id: num(c.id), lastEventId: claim.lastEventId, at: claim.at, keyId: c.key_id, reason });
  };

  // The checkpoints met on the way, read ahead in order of the event they name (a few at a time,
  // not one query per batch: on PGlite every query holds this thread).
  const ahead: CheckpointRow[] = [];
  let aheadFrom = 0;
  let aheadDone = false;

  return {
    /** Checkpoints that name an event at or before the start: compared with that row directly. */
    async before(afterId: number): Promise<void> {
      aheadFrom = afterId;
      const earlier = await queryRows<CheckpointRow>(
        db,
        sql`
        select c.id, c.last_event_id, c.head_hash, c.key_id, c.signature, ${CP_AT} as at,
          case when c.last_event_id = 0 then ${GENESIS_HASH} else e.hash end as event_hash
        from audit_checkpoints c left join audit_events e on e.id = c.last_event_id
        where c.id > ${minId} and c.id <= ${maxId} and c.last_event_id <= ${afterId}
        order by c.last_event_id, c.id`,
      );
      for (const c of earlier) check(c, c.event_hash);
    },

    /** Checkpoints that name an event up to `lastId`, compared with the hashes of the batch just walked. */
    async upTo(lastId: number, hashes: Map<number, string>): Promise<void> {
      for (;;) {
        while (ahead.length && num(ahead[0].last_event_id) <= lastId) {
          const c = ahead.shift()!;
          check(c, hashes.get(num(c.last_event_id)));
        }
        if (ahead.length || aheadDone || aheadFrom >= lastId) return;
        const more = await queryRows<CheckpointRow>(
          db,
          sql`
          select c.id, c.last_event_id, c.head_hash, c.key_id, c.signature, ${CP_AT} as at
          from audit_checkpoints c
          where c.id > ${minId} and c.id <= ${maxId} and c.last_event_id > ${aheadFrom} and c.last_event_id <= ${targetId}
          order by c.last_event_id, c.id limit ${CHECKPOINTS_AHEAD}`,
        );
        if (more.length < CHECKPOINTS_AHEAD) aheadDone = true;
        // Never split the checkpoints of one event across two reads: drop the last event's and read them again.
        const lastOfRead = more.length ? num(more[more.length - 1].last_event_id) : aheadFrom;
        const keep = aheadDone ? more : more.filter((c) => num(c.last_event_id) < lastOfRead);
        if (!aheadDone && keep.length === 0) {
          // More than CHECKPOINTS_AHEAD checkpoints of one event (only a forger makes those): take them all.
          ahead.push(
            ...(await queryRows<CheckpointRow>(
              db,
              sql`
            select c.id, c.last_event_id, c.head_hash, c.key_id, c.signature, ${CP_AT} as at
            from audit_checkpoints c
            where c.id > ${minId} and c.id <= ${maxId} and c.last_event_id = ${lastOfRead}
            order by c.id`,
            )),
          );
          aheadFrom = lastOfRead;
          continue;
        }
        ahead.push(...keep);
        aheadFrom = aheadDone ? targetId : lastOfRead - 1;
      }
    },

    /** Checkpoints that name an event past the newest one walked: the tail they signed is gone. */
    async beyond(lastId: number): Promise<void> {
      const rows = await queryRows<CheckpointRow>(
        db,
        sql`
        select c.id, c.last_event_id, c.head_hash, c.key_id, c.signature, ${CP_AT} as at
        from audit_checkpoints c
        where c.id > ${minId} and c.id <= ${maxId} and c.last_event_id > ${Math.max(lastId, targetId)}
        order by c.last_event_id, c.id`,
      );
      for (const c of rows) check(c, null);
    },

    report(): CheckpointReport {
      return { checked, signaturesChecked, issues, issueCount };
    },
  };
}
