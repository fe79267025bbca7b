import { boolean, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    loginId: text('login_id').notNull().unique(),
    passwordHash: text('password_hash').notNull(),
    passwordLoginEnabled: boolean('password_login_enabled').notNull().default(true),
    nameKanji: text('name_kanji').notNull(),
    nameKana: text('name_kana').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    branchCode: text('branch_code').notNull(),
    accountNumber: text('account_number').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    secretQuestion: text('secret_question').notNull(),
    secretAnswerHash: text('secret_answer_hash').notNull(),
    /** 取引暗証番号 (4-digit trading PIN), argon2id; null = none on file (the PIN step then always fails, same timing). */
    tradingPinHash: text('trading_pin_hash'),
    recoveryLockedUntil: timestamp('recovery_locked_until', { withTimezone: true }),
    /** Set by /recovery/not-me: login and recovery refused until staff clear it. */
    loginLockedAt: timestamp('login_locked_at', { withTimezone: true }),
    sessionsValidAfter: timestamp('sessions_valid_after', { withTimezone: true }).notNull().defaultNow(),
    lockCodeHash: text('lock_code_hash'),
    failedRecoveryCount: integer('failed_recovery_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('customers_branch_account_idx').on(t.branchCode, t.accountNumber)],
);

export type Customer = typeof customers.$inferSelect;
