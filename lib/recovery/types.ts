import type { RecoveryStep } from './flow';

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

export type CompletionResult = {
  referenceNumber: string;
  completedAt: string;
  revokedPasskeys: number;
  passwordLoginEnabled: true;
};

type Live = { expiresAt: string; attemptsLeft: number };

export type RecoveryView =
  | { step: 'intro' }
  | ({ step: 'credentials' } & Live)
  | ({ step: 'secret_question'; question: string } & Live)
  | ({ step: 'account_data' } & Live)
  | ({ step: 'otp'; maskedEmail: string; otp: OtpStatus } & Live)
  | ({ step: 'review'; passkeys: PasskeySummary[] } & Live)
  | {
      step: 'done';
      result: CompletionResult;
      /** For PublicKeyCredential.signalAllAcceptedCredentials; null where unknown (e.g. previews). */
      signal: { rpId: string; userId: string } | null;
    }
  | { step: 'expired' }
  | { step: 'locked'; supportPhone: string }
  | { step: 'cancelled' };

export type ViewOf<S extends RecoveryStep> = Extract<RecoveryView, { step: S }>;

/** Errors of the JSON API (docs/design.md#api), also what server actions map to form messages. */
export type RecoveryError =
  | { code: 'invalid_input'; fields: Record<string, string> }
  | { code: 'verification_failed'; attemptsLeft: number; otp?: 'expired' | 'exhausted' | 'none' }
  | { code: 'wrong_step'; step: RecoveryStep }
  | { code: 'flow_expired' }
  | { code: 'locked' }
  | { code: 'rate_limited'; retryAfter: number; reason: 'ip' | 'login_id' | 'otp_resend_interval' | 'otp_send_limit' }
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
