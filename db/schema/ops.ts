import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from './customers';

/** Fixed-window counters, updated atomically in SQL so every app instance shares them. */
export const rateLimitBuckets = pgTable(
  'rate_limit_buckets',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_buckets_window_idx').on(t.windowStart)],
);

export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id').references(() => customers.id),
    channel: text('channel', { enum: ['email'] })
      .notNull()
      .default('email'),
    toAddress: text('to_address').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** A relay that claimed the row sends it outside any transaction until this time; then another may. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    leasedBy: text('leased_by'),
    /** The body (codes, lock codes) is erased some time after delivery; the row and its status stay. */
    bodyPurgedAt: timestamp('body_purged_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_outbox_pending_idx').on(t.nextAttemptAt),
    index('notification_outbox_to_idx').on(t.toAddress, t.createdAt),
    index('notification_outbox_sent_idx').on(t.sentAt),
  ],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['customer', 'staff', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    customerId: uuid('customer_id'),
    action: text('action').notNull(),
    flowId: uuid('flow_id'),
    ip: text('ip'),
    details: jsonb('details').notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_events_customer_idx').on(t.customerId, t.id),
    index('audit_events_action_idx').on(t.action, t.at),
    index('audit_events_at_idx').on(t.at),
    // /staff/audit's filters, newest first at any size: by actor, and by action prefix (a byte-wise range).
    index('audit_events_actor_idx').on(t.actorId, t.id),
    index('audit_events_action_c_idx').on(sql`${t.action} collate "C"`, t.id),
  ],
);

/**
 * The newest link of the audit hash chain, one row (id 1). An append updates it and inserts the
 * event in one statement: the row lock orders appends across every app instance, and the UPDATE
 * reads the latest committed hash after waiting (lib/audit).
 */
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    id: integer('id').primaryKey(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  () => [check('audit_chain_head_one_row', sql`id = 1`)],
);

export const staffUsers = pgTable('staff_users', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ['viewer', 'operator', 'admin'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  /** Who created, last enabled, and last set the role of this account: four eyes refuses them as approvers. */
  createdBy: uuid('created_by'),
  enabledBy: uuid('enabled_by'),
  roleSetBy: uuid('role_set_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type StaffUser = typeof staffUsers.$inferSelect;
export type StaffRole = StaffUser['role'];
