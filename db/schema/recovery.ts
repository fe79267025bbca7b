import { index, integer, jsonb, pgEnum, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { RECOVERY_STEPS } from '../../lib/recovery/flow';

// The steps of the state machine (lib/recovery/flow.ts, a file without imports that the browser also loads).
export const recoveryStep = pgEnum('recovery_step', RECOVERY_STEPS);

/** `passkey`: the passkey lock-out recovery; `password`: the forgotten-password reset with its cooling-off wait. */
export const recoveryFlowKind = pgEnum('recovery_flow_kind', ['passkey', 'password']);

export const recoveryChannel = pgEnum('recovery_channel', ['web', 'app', 'staff-preview', 'staff']);

export const recoveryFlows = pgTable(
  'recovery_flows',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    customerId: uuid('customer_id').references(() => customers.id),
    kind: recoveryFlowKind('kind').notNull().default('passkey'),
    step: recoveryStep('step').notNull().default('credentials'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    otpHash: text('otp_hash'),
    otpExpiresAt: timestamp('otp_expires_at', { withTimezone: true }),
    otpAttempts: integer('otp_attempts').notNull().default(0),
    otpSends: integer('otp_sends').notNull().default(0),
    otpLastSentAt: timestamp('otp_last_sent_at', { withTimezone: true }),
    passwordVerifiedAt: timestamp('password_verified_at', { withTimezone: true }),
    otpVerifiedAt: timestamp('otp_verified_at', { withTimezone: true }),
    /** `password` kind: when the trading PIN (取引暗証番号) was verified at `credentials_pin`. */
    pinVerifiedAt: timestamp('pin_verified_at', { withTimezone: true }),
    /** `password` kind: when the first code moved the flow to `waiting`, and when the wait ends. */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    resumeAt: timestamp('resume_at', { withTimezone: true }),
    /** `password` kind: when the customer came back with login ID + 受付番号 (a new token was issued). */
    resumedAt: timestamp('resumed_at', { withTimezone: true }),
    /** `password` kind: argon2id hash of the accepted new password, between `new_password` and `done` (cleared then). */
    newPasswordHash: text('new_password_hash'),
    /** How many times the customer extended the flow's lifetime (「時間を延長する」). */
    extensions: smallint('extensions').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    referenceNumber: text('reference_number').unique(),
    result: jsonb('result'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    channel: recoveryChannel('channel').notNull().default('web'),
    lang: text('lang').notNull().default('ja'),
  },
  (t) => [
    index('recovery_flows_customer_idx').on(t.customerId),
    index('recovery_flows_created_idx').on(t.createdAt),
    index('recovery_flows_expires_idx').on(t.expiresAt),
    index('recovery_flows_resume_at_idx').on(t.resumeAt),
  ],
);

export const staffResetRequests = pgTable(
  'staff_reset_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    requestedBy: uuid('requested_by').notNull(),
    checklist: jsonb('checklist').notNull(),
    reason: text('reason').notNull(),
    caseNumber: text('case_number').notNull(),
    status: text('status', { enum: ['pending', 'executed', 'rejected', 'cancelled'] })
      .notNull()
      .default('pending'),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    executedAt: timestamp('executed_at', { withTimezone: true }),
    referenceNumber: text('reference_number'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_reset_requests_customer_idx').on(t.customerId)],
);

export type RecoveryFlow = typeof recoveryFlows.$inferSelect;
export type RecoveryFlowKind = (typeof recoveryFlowKind.enumValues)[number];
