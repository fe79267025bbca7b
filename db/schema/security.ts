import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { staffUsers } from './ops';
import { bytea } from './types';

/**
 * One row per signed-in session (customer or staff). The JWT carries only the row's id (`sid`):
 * signing out sets `ended_at`, so a copied cookie is refused on the server; a fresh
 * re-authentication sets `step_up_at`, which guards the actions that change how one logs in.
 */
export const authSessions = pgTable(
  'auth_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subjectKind: text('subject_kind', { enum: ['customer', 'staff'] }).notNull(),
    subjectId: uuid('subject_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    stepUpAt: timestamp('step_up_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('auth_sessions_subject_idx').on(t.subjectKind, t.subjectId),
    index('auth_sessions_expires_idx').on(t.expiresAt),
  ],
);

/**
 * Consecutive password-login failures per login ID (customer or staff), keyed by an HMAC of the
 * normalized ID so unknown IDs are throttled the same way and the table holds no login ID.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_throttle_updated_idx').on(t.updatedAt)],
);

/** Staff passkeys: separate from customers' (a staff member is never a customer credential). */
export const staffPasskeys = pgTable(
  'staff_passkeys',
  {
    credentialId: text('credential_id').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default([]),
    aaguid: text('aaguid').notNull().default('00000000-0000-0000-0000-000000000000'),
    nickname: text('nickname').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('staff_passkeys_staff_idx').on(t.staffId)],
);

/** One-time codes an admin issues so a staff member can register a passkey (stored hashed, 24 h). */
export const staffEnrollmentCodes = pgTable(
  'staff_enrollment_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    codeHash: text('code_hash').notNull(),
    issuedBy: uuid('issued_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('staff_enrollment_codes_staff_idx').on(t.staffId)],
);

/** Signed checkpoints of the audit chain head (Ed25519; the private key never enters the database). */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
    headHash: text('head_hash').notNull(),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [index('audit_checkpoints_event_idx').on(t.lastEventId)],
);

/** Results of audit-chain verification runs (incremental or full), written off the request path. */
export const auditVerifications = pgTable(
  'audit_verifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ['incremental', 'full'] }).notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] })
      .notNull()
      .default('running'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    fromEventId: bigint('from_event_id', { mode: 'number' }),
    toEventId: bigint('to_event_id', { mode: 'number' }),
    checkedRows: bigint('checked_rows', { mode: 'number' }).notNull().default(0),
    ok: boolean('ok'),
    result: jsonb('result').notNull().default({}),
  },
  (t) => [
    index('audit_verifications_started_idx').on(t.startedAt),
    // /staff/audit reads the newest full check: a walk back over the incremental runs (one every
    // five minutes, never pruned) would grow with them.
    index('audit_verifications_kind_idx').on(t.kind, t.id),
  ],
);

/** Last run of each scheduled job (retention, checkpoints, verification): visible to admins. */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  lastOk: boolean('last_ok'),
  lastResult: jsonb('last_result').notNull().default({}),
});
