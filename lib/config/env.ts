import { z } from 'zod';

const bool = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const int = (def: number) => z.coerce.number().int().positive().default(def);

/** Every environment variable the app reads, with its default. The README lists the same table. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000),
  /** The address server.mjs listens on (server.mjs reads it itself, before the app loads). */
  HOSTNAME_BIND: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  DATABASE_POOL_MAX: int(10),
  /** Behind PgBouncer in transaction mode: no named prepared statements. */
  DATABASE_PGBOUNCER: bool.default(false),
  STATEMENT_TIMEOUT_MS: int(5000),
  APP_ORIGIN: z.string().url().optional(),
  RP_ID: z.string().optional(),
  RP_NAME: z.string().optional(),
  BRAND_NAME: z.string().min(1).default('デモ証券'),
  SUPPORT_PHONE: z.string().default('0120-000-000'),
  /** The number mobile, IP-phone and overseas callers can dial (a free-dial 0120 number is not reachable from those). */
  SUPPORT_PHONE_DIRECT: z.string().default('03-0000-0000'),
  /** Opening hours of the support line in Japan time, `H:MM-H:MM`; empty = closed (weekends and holidays). */
  SUPPORT_HOURS_WEEKDAY: z
    .string()
    .regex(/^(\d{1,2}:\d{2}-\d{1,2}:\d{2})?$/)
    .default('8:30-20:00'),
  SUPPORT_HOURS_WEEKEND: z
    .string()
    .regex(/^(\d{1,2}:\d{2}-\d{1,2}:\d{2})?$/)
    .default('9:00-17:00'),
  PASSKEY_POLICY: z.enum(['exclusive', 'fallback']).default('exclusive'),
  DEMO_MODE: bool.default(false),
  /** How many proxies of your own stand in front of the app; 0 = the socket address (docs/operations.md#proxies). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Replaced by TRUST_PROXY_HOPS: a set value fails start-up rather than silently meaning something else. */
  TRUST_PROXY: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v === '0' || v === 'false', {
      error:
        'replaced by TRUST_PROXY_HOPS=N (the number of your own proxies in front of the app; the client IP is the N-th X-Forwarded-For entry from the right). Remove TRUST_PROXY and set TRUST_PROXY_HOPS.',
    }),
  AUTH_SECRET: z.string().min(32, { error: 'at least 32 characters (e.g. `openssl rand -base64 32`)' }).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('no-reply@example.jp'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Security numbers (docs/design.md#security-rules)
  FLOW_TTL_SECONDS: int(15 * 60),
  FLOW_MAX_FAILURES: int(5),
  ACCOUNT_MAX_FAILURES: int(10),
  ACCOUNT_FAILURE_WINDOW_SECONDS: int(24 * 3600),
  ACCOUNT_LOCK_SECONDS: int(24 * 3600),
  IP_MAX_FLOWS_PER_HOUR: int(20),
  IP_MAX_ATTEMPTS_PER_HOUR: int(100),
  /** Recovery attempts per login ID (known or not) an hour, whatever the IP: caps a distributed attack. */
  LOGIN_ID_MAX_ATTEMPTS_PER_HOUR: int(100),
  IP_MAX_LOGINS_PER_HOUR: int(300),
  /** RT-30: distinct login IDs failing step 1 from one IP in an hour that raise one account-spraying alert. */
  IP_SPRAY_ALERT_LOGIN_IDS: int(5),
  /** RT-30: how long after a recovery lock ends (or staff clear a not-me lock) a new recovery is a red flag. */
  RECOVERY_RED_FLAG_WINDOW_SECONDS: int(24 * 3600),
  /** RT-30: how long the emailed code of such a red-flagged flow is held before it is sent. */
  RECOVERY_RED_FLAG_OTP_DELAY_SECONDS: int(5 * 60),
  OTP_TTL_SECONDS: int(10 * 60),
  OTP_MAX_TRIES: int(3),
  OTP_MAX_SENDS: int(3),
  OTP_RESEND_INTERVAL_SECONDS: int(60),
  ARGON2_MEMORY_KIB: int(19456),
  ARGON2_TIME_COST: int(2),
  ARGON2_PARALLELISM: int(1),
  WEBAUTHN_CHALLENGE_TTL_SECONDS: int(5 * 60),
  /** Ed25519 private key of the audit checkpoints (PKCS#8 PEM or base64 DER); never stored in the database. */
  AUDIT_SIGNING_KEY: z.string().optional(),
  /** Public key(s) the checkpoints are checked against (SPKI PEM or base64 DER, comma-separated); default: from the private key. */
  AUDIT_PUBLIC_KEY: z.string().optional(),
  AUDIT_CHECKPOINT_SECONDS: int(300),
  /** Scheduled jobs (lib/jobs): off only for tools that open the database next to a running app. */
  JOBS_ENABLED: bool.default(true),
  /** Refusals anyone can cause (denied staff actions, failed passkey logins): audit window and per-client cap. */
  REFUSAL_WINDOW_SECONDS: int(15 * 60),
  REFUSALS_PER_CLIENT: int(30),
  /** Over all clients, per action and reason and window: past it one summary stands for every client. */
  REFUSAL_AUDIT_MAX_PER_WINDOW: int(1000),
  HELP_SEARCHES_PER_CLIENT_PER_MINUTE: int(60),
  WEBAUTHN_CHALLENGES_PER_CLIENT_PER_MINUTE: int(30),
  /** Retention (lib/jobs/retention): how often it runs and how long each kind of row is kept. */
  RETENTION_INTERVAL_SECONDS: int(10 * 60),
  RETENTION_RATE_LIMIT_SECONDS: int(24 * 3600),
  RETENTION_FLOW_SECRETS_SECONDS: int(24 * 3600),
  RETENTION_OUTBOX_BODY_SECONDS: int(24 * 3600),
  RETENTION_HELP_SEARCH_DAYS: int(90),
  RETENTION_SESSIONS_SECONDS: int(24 * 3600),
  RETENTION_LOGIN_THROTTLE_SECONDS: int(30 * 24 * 3600),
  RETENTION_AUDIT_RUNS_DAYS: int(30),
  /** Password login per login ID: consecutive failures that cost nothing; then each attempt waits 2^(n−free) s. */
  LOGIN_THROTTLE_FREE_FAILURES: int(5),
  /** The longest wait between two password attempts on one login ID. */
  LOGIN_THROTTLE_MAX_WAIT_SECONDS: int(15 * 60),
  /** Consecutive failures that suspend password login until a recovery or staff unlock (NIST SP 800-63B ceiling). */
  LOGIN_THROTTLE_SUSPEND_AFTER: int(100),
  /** How long a staff passkey confirmation (step-up) covers state-changing staff actions in that session. */
  STAFF_STEP_UP_SECONDS: int(300),
  /** How long an admin-issued staff passkey enrollment code stays valid. */
  STAFF_ENROLLMENT_CODE_TTL_SECONDS: int(24 * 3600),
  /** How long a re-authentication in a session allows adding, renaming or removing a passkey. */
  STEP_UP_SECONDS: int(300),
  /** Forgotten password: the cooling-off wait between the first emailed code and the resume (the demo uses 60). */
  PASSWORD_RESET_WAIT_SECONDS: int(24 * 3600),
  /** Forgotten password: how long a waiting flow can still be resumed after its wait ends. */
  PASSWORD_RESET_RESUME_WINDOW_SECONDS: int(72 * 3600),
  /** Resume attempts (login ID + 受付番号) per IP an hour and per login ID an hour. */
  RESUME_MAX_PER_IP_PER_HOUR: int(30),
  RESUME_MAX_PER_LOGIN_ID_PER_HOUR: int(10),
  /** Login-ID reminders per IP an hour, and per matched account a day. */
  LOGIN_ID_REMINDER_MAX_PER_IP_PER_HOUR: int(10),
  LOGIN_ID_REMINDER_MAX_PER_ACCOUNT_PER_DAY: int(3),
  /** New passwords: also ask Have I Been Pwned's k-anonymity range API (off by default; never blocks). */
  PWNED_PASSWORDS_CHECK: bool.default(false),
  /** Where the range API lives (tests point it at a local server) and how long to wait for it. */
  PWNED_PASSWORDS_URL: z.string().url().default('https://api.pwnedpasswords.com/range/'),
  PWNED_PASSWORDS_TIMEOUT_MS: int(1500),
  /** Bearer token of GET /api/metrics; unset, the endpoint answers 404 (docs/operations.md#metrics). */
  METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(16, { error: 'at least 16 characters (e.g. `openssl rand -hex 24`)' }).optional(),
  ),
  /** Other spellings of the brand a new password may not contain (comma-separated; BRAND_NAME always counts). */
  PASSWORD_BRAND_WORDS: z.string().default('demoshoken,demosec'),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Validated configuration; fails fast with a readable message naming each bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/**
 * One variable, parsed alone and read afresh each call: for code that runs apart from the app's
 * start-up check or must not fail on an unrelated variable — the logger, proxy.ts, next.config.ts,
 * the recovery cookie (tests switch NODE_ENV between cases).
 */
export function envValue<K extends keyof Env>(key: K): Env[K] {
  const parsed = envSchema.shape[key].safeParse(process.env[key]);
  if (!parsed.success)
    throw new Error(`Invalid configuration:\n  ${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data as Env[K];
}

/** Tests change process.env between cases; this forgets the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function appOrigin(): string {
  const e = env();
  return e.APP_ORIGIN ?? `http://localhost:${e.PORT}`;
}

export function rpId(): string {
  return env().RP_ID ?? new URL(appOrigin()).hostname;
}
