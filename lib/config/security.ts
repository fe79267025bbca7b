import { env, type Env } from './env';

/** A fixed-window rate limit: at most `limit` hits per key in each window of `windowMs` (lib/rate-limit). */
export type RatePolicy = { readonly limit: number; readonly windowMs: number };

const MINUTE = 60_000;
/** The recovery flow's limits share one window, so one statement counts them all (lib/recovery/limits.ts). */
export const RECOVERY_WINDOW_MS = 3_600_000;

/**
 * Every rate limit, by name (docs/design.md#security-rules). The number comes from configuration where
 * the README lists a variable; the key (IP, client network, login ID, staff member) is chosen where the
 * limit is used. Retention keeps a bucket at least as long as the longest window here.
 */
export function rateLimitPolicies(e: Env = env()) {
  return {
    /** New recovery flows per IP. */
    recoveryFlowsPerIp: { limit: e.IP_MAX_FLOWS_PER_HOUR, windowMs: RECOVERY_WINDOW_MS },
    /** Recovery verification attempts per IP. */
    recoveryAttemptsPerIp: { limit: e.IP_MAX_ATTEMPTS_PER_HOUR, windowMs: RECOVERY_WINDOW_MS },
    /** Recovery attempts per login ID (known or not), inside a live flow, whatever the IP. */
    recoveryAttemptsPerLoginId: { limit: e.LOGIN_ID_MAX_ATTEMPTS_PER_HOUR, windowMs: RECOVERY_WINDOW_MS },
    /** Reference-number status checks and 「心当たりがない」 reports per IP (each its own bucket). */
    recoveryLookupsPerIp: { limit: e.IP_MAX_ATTEMPTS_PER_HOUR, windowMs: RECOVERY_WINDOW_MS },
    /** Distinct login IDs failing step 1 from one IP that raise the account-spraying alert (RT-30). */
    recoverySprayAlertPerIp: { limit: e.IP_SPRAY_ALERT_LOGIN_IDS, windowMs: RECOVERY_WINDOW_MS },
    /** Customer password logins and re-authentications per IP. */
    loginsPerIp: { limit: e.IP_MAX_LOGINS_PER_HOUR, windowMs: 60 * MINUTE },
    /** Staff password logins per IP. */
    staffLoginsPerIp: { limit: 30, windowMs: 15 * MINUTE },
    /** Staff passkey enrollment starts per staff member (each may check an enrollment code). */
    staffEnrollmentsPerStaff: { limit: 10, windowMs: 60 * MINUTE },
    /** Anonymous passkey-login challenges per client network. */
    webauthnChallengesPerClient: { limit: e.WEBAUTHN_CHALLENGES_PER_CLIENT_PER_MINUTE, windowMs: MINUTE },
    /** Help searches per client network, counted in each instance's memory. */
    helpSearchesPerClient: { limit: e.HELP_SEARCHES_PER_CLIENT_PER_MINUTE, windowMs: MINUTE },
    /** Help-article feedback answers per client network: enough for a person, not for a script. */
    helpFeedbackPerClient: { limit: 30, windowMs: 60 * MINUTE },
    /** Forgotten password: resume attempts (login ID + 受付番号) per IP, and per login ID. */
    passwordResumesPerIp: { limit: e.RESUME_MAX_PER_IP_PER_HOUR, windowMs: 60 * MINUTE },
    passwordResumesPerLoginId: { limit: e.RESUME_MAX_PER_LOGIN_ID_PER_HOUR, windowMs: 60 * MINUTE },
    /** Login-ID reminders per IP, and per matched account a day. */
    loginIdRemindersPerIp: { limit: e.LOGIN_ID_REMINDER_MAX_PER_IP_PER_HOUR, windowMs: 60 * MINUTE },
    loginIdRemindersPerAccount: { limit: e.LOGIN_ID_REMINDER_MAX_PER_ACCOUNT_PER_DAY, windowMs: 24 * 60 * MINUTE },
    /** Refusals anyone can cause (denied staff actions, failed passkey logins) per client; audited aggregated. */
    refusalsPerClient: { limit: e.REFUSALS_PER_CLIENT, windowMs: e.REFUSAL_WINDOW_SECONDS * 1000 },
  } satisfies Record<string, RatePolicy>;
}

export type RateLimitName = keyof ReturnType<typeof rateLimitPolicies>;

/** The numbers of docs/design.md#security-rules read off one place. Every number comes from configuration with its documented default. */
export function securityPolicy() {
  const e = env();
  return {
    flowTtlMs: e.FLOW_TTL_SECONDS * 1000,
    flowMaxFailures: e.FLOW_MAX_FAILURES,
    accountMaxFailures: e.ACCOUNT_MAX_FAILURES,
    accountFailureWindowMs: e.ACCOUNT_FAILURE_WINDOW_SECONDS * 1000,
    accountLockMs: e.ACCOUNT_LOCK_SECONDS * 1000,
    rateLimits: rateLimitPolicies(e),
    /** Over all clients, per action, reason and window: refusals audited one client at a time (lib/audit/aggregate). */
    refusalAuditMaxPerWindow: e.REFUSAL_AUDIT_MAX_PER_WINDOW,
    redFlagWindowMs: e.RECOVERY_RED_FLAG_WINDOW_SECONDS * 1000,
    redFlagOtpDelayMs: e.RECOVERY_RED_FLAG_OTP_DELAY_SECONDS * 1000,
    otpTtlMs: e.OTP_TTL_SECONDS * 1000,
    otpMaxTries: e.OTP_MAX_TRIES,
    otpMaxSends: e.OTP_MAX_SENDS,
    otpResendIntervalMs: e.OTP_RESEND_INTERVAL_SECONDS * 1000,
    argon2: { memoryCost: e.ARGON2_MEMORY_KIB, timeCost: e.ARGON2_TIME_COST, parallelism: e.ARGON2_PARALLELISM },
    webauthnChallengeTtlMs: e.WEBAUTHN_CHALLENGE_TTL_SECONDS * 1000,
    stepUpSeconds: e.STEP_UP_SECONDS,
    loginThrottle: {
      freeFailures: e.LOGIN_THROTTLE_FREE_FAILURES,
      maxWaitSeconds: e.LOGIN_THROTTLE_MAX_WAIT_SECONDS,
      suspendAfter: e.LOGIN_THROTTLE_SUSPEND_AFTER,
    },
    staffStepUpSeconds: e.STAFF_STEP_UP_SECONDS,
    staffEnrollmentCodeTtlMs: e.STAFF_ENROLLMENT_CODE_TTL_SECONDS * 1000,
    passwordReset: {
      waitMs: e.PASSWORD_RESET_WAIT_SECONDS * 1000,
      resumeWindowMs: e.PASSWORD_RESET_RESUME_WINDOW_SECONDS * 1000,
      pwnedCheck: e.PWNED_PASSWORDS_CHECK,
      pwnedUrl: e.PWNED_PASSWORDS_URL,
      pwnedTimeoutMs: e.PWNED_PASSWORDS_TIMEOUT_MS,
    },
  };
}

export type SecurityPolicy = ReturnType<typeof securityPolicy>;
