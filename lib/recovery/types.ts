import type { FlowKind, RecoveryStep } from './flow';

export type { FlowKind } from './flow';

/**
 * What a screen (web step, JSON GET, staff preview) may know about a flow. Plain JSON: it crosses from
 * the server to client components and to the app. It never holds a secret: no token, code, answer,
 * birth date or account number.
 */

export type PasskeySummary = {
  nickname: string;
  /** Product name from the AAGUID, in the reader's language (lib/passkeys/authenticators.ts). */
  authenticator: string;
  createdAt: string;
  lastUsedAt: string | null;
};

export type OtpStatus = {
  /** When the current code stops working (ISO), or null when none is live. */
  codeExpiresAt: string | null;
  triesLeft: number;
  sendsLeft: number;
  /** Earliest time 「コードを再送する」 is accepted (ISO), or null when no more sends are allowed. */
  resendAvailableAt: string | null;
  /** Only while the code is held after a recent recovery lock (RT-30): when its email goes out (ISO). */
  deliversAt?: string;
};

/** The support line as locked screens show it: free dial, a number every phone can dial, and the hours (Japan time). */
export type SupportContact = { phone: string; phoneDirect: string; weekdayHours: string; weekendHours: string | null };

export type CompletionResult = {
  referenceNumber: string;
  completedAt: string;
  revokedPasskeys: number;
  passwordLoginEnabled: true;
  /** Password kind only: the new password replaced the old one. */
  passwordChanged?: true;
};

type Live = { expiresAt: string; attemptsLeft: number };
/** Which kind of flow the screen belongs to (docs/design.md#forgotten-password). */
type Kind = { kind: FlowKind };

export type RecoveryView =
  | ({ step: 'intro' } & Kind)
  | ({ step: 'credentials' } & Live & Kind)
  | ({ step: 'credentials_pin' } & Live & Kind)
  | ({ step: 'secret_question'; question: string } & Live & Kind)
  | ({ step: 'account_data' } & Live & Kind)
  | ({ step: 'otp'; maskedEmail: string; otp: OtpStatus } & Live & Kind)
  | ({
      step: 'waiting';
      /** 受付番号: with the login ID, it resumes the flow at /recovery/resume on any device. */
      referenceNumber: string;
      /** When the cooling-off wait is over (ISO). */
      resumeAt: string;
      maskedEmail: string;
      /** The waiting flow's end: the wait plus 72 hours (ISO). */
      expiresAt: string;
    } & Kind)
  | ({ step: 'new_password' } & Live & Kind)
  | ({
      step: 'review';
      passkeys: PasskeySummary[];
      /** Password kind: the new password chosen at `new_password` replaces the current one on completion. */
      passwordChange?: true;
    } & Live &
      Kind)
  | ({
      step: 'done';
      result: CompletionResult;
      /** For PublicKeyCredential.signalAllAcceptedCredentials; null where unknown (e.g. previews). */
      signal: { rpId: string; userId: string } | null;
    } & Kind)
  | ({ step: 'expired' } & Kind)
  | ({
      step: 'locked';
      supportPhone: string;
      /** Which stop (docs/design.md#security-rules): `flow` — this flow's failures, start again at once; `account` — the
       * account's failures in 24 h, no new flow until `lockedUntil`; `not_me` — stopped from /recovery/not-me, by phone only. */
      lock: 'flow' | 'account' | 'not_me';
      /** `account` only: when the account's recovery lock ends (ISO). */
      lockedUntil?: string;
      support: SupportContact;
    } & Kind)
  | ({ step: 'cancelled' } & Kind);

export type ViewOf<S extends RecoveryStep> = Extract<RecoveryView, { step: S }>;

/** Why a new password was refused (lib/auth/password-policy.ts); the page shows each next to the field. */
export const WEAK_PASSWORD_REASONS = [
  'too_short',
  'too_long',
  'common',
  'contains_login_id',
  'contains_birth_date',
  'contains_brand',
  'same_as_current',
  'breached',
  'mismatch',
] as const;
export type WeakPasswordReason = (typeof WEAK_PASSWORD_REASONS)[number];

/** Errors of the JSON API (docs/design.md#api), also what server actions map to form messages. */
export type RecoveryError =
  | { code: 'invalid_input'; fields: Record<string, string> }
  | { code: 'verification_failed'; attemptsLeft: number; otp?: 'expired' | 'exhausted' | 'none' }
  /** `resumeAt` (ISO): a waiting flow asked to resume before its wait is over. */
  | { code: 'wrong_step'; step: RecoveryStep; resumeAt?: string }
  | { code: 'weak_password'; reasons: WeakPasswordReason[] }
  | { code: 'flow_expired' }
  | { code: 'locked' }
  | { code: 'rate_limited'; retryAfter: number; reason: 'ip' | 'login_id' | 'otp_resend_interval' | 'otp_send_limit' }
  | { code: 'extend_limit' }
  | { code: 'unavailable' };

export type RecoveryErrorCode = RecoveryError['code'];

export type RecoveryResult<T> = { ok: true; value: T } | { ok: false; error: RecoveryError };

export type RecoveryContext = {
  ip: string;
  userAgent?: string | null;
  channel?: 'web' | 'app';
  /** The clock (tests inject it); server time, never the client's. */
  now?: Date;
  /** Language of the screens of this flow (stored on the flow row). */
  lang?: 'ja' | 'en';
};
