import { env } from './env';

/** The numbers of docs/design.md#security-rules read off one place. Every number comes from configuration with its documented default. */
export function securityPolicy() {
  const e = env();
  return {
    flowTtlMs: e.FLOW_TTL_SECONDS * 1000,
    flowMaxFailures: e.FLOW_MAX_FAILURES,
    accountMaxFailures: e.ACCOUNT_MAX_FAILURES,
    accountFailureWindowMs: e.ACCOUNT_FAILURE_WINDOW_SECONDS * 1000,
    accountLockMs: e.ACCOUNT_LOCK_SECONDS * 1000,
    ipMaxFlowsPerHour: e.IP_MAX_FLOWS_PER_HOUR,
    ipMaxAttemptsPerHour: e.IP_MAX_ATTEMPTS_PER_HOUR,
    loginIdMaxAttemptsPerHour: e.LOGIN_ID_MAX_ATTEMPTS_PER_HOUR,
    ipMaxLoginsPerHour: e.IP_MAX_LOGINS_PER_HOUR,
    ipSprayAlertLoginIds: e.IP_SPRAY_ALERT_LOGIN_IDS,
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
      resumePerIpPerHour: e.RESUME_MAX_PER_IP_PER_HOUR,
      resumePerLoginIdPerHour: e.RESUME_MAX_PER_LOGIN_ID_PER_HOUR,
      pwnedCheck: e.PWNED_PASSWORDS_CHECK,
      pwnedUrl: e.PWNED_PASSWORDS_URL,
      pwnedTimeoutMs: e.PWNED_PASSWORDS_TIMEOUT_MS,
    },
    loginIdReminder: {
      perIpPerHour: e.LOGIN_ID_REMINDER_MAX_PER_IP_PER_HOUR,
      perAccountPerDay: e.LOGIN_ID_REMINDER_MAX_PER_ACCOUNT_PER_DAY,
    },
  };
}

export type SecurityPolicy = ReturnType<typeof securityPolicy>;
