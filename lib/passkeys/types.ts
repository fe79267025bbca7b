import type { AuditAction } from '../audit';
import { appendAudit } from '../audit';
import type { Db } from '../../db/client';
import type { Locale } from '../i18n/types';

export class PasskeyError extends Error {
  constructor(
    public readonly code:
      | 'challenge_invalid'
      | 'verification_failed'
      | 'unknown_credential'
      | 'not_found'
      | 'account_locked'
      | 'rate_limited',
  ) {
    super(code);
  }
}

/**
 * `now`: the clock (tests inject it); the audit rows and a revocation are stamped with it. `lang`: the
 * language the customer uses the site in, for the notice (docs/design.md#mail-language).
 */
export type Ctx = { ip: string; userAgent?: string | null; now?: Date; lang?: Locale };

/** The signed-in customer's session, for the step-up guard of every change (lib/auth/sessions.ts). */
export type CustomerGuard = { customerId: string; sid: string };

/** An audit event the customer caused about their own passkeys, stamped with the request's clock and client. */
export async function auditCustomer(
  db: Db,
  customerId: string,
  action: AuditAction,
  ctx: Ctx,
  details?: Record<string, unknown>,
) {
  await appendAudit(db, {
    at: ctx.now,
    actor: { type: 'customer', id: customerId },
    customerId,
    action,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    details,
  });
}
