'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { endCurrentSession, getCustomerSession } from '@/lib/auth';
import {
  passkeyResponseSchema,
  removePasskeySchema,
  renamePasskeySchema,
  stepUpPasswordSchema,
} from '@/lib/auth/schemas';
import { StepUpError } from '@/lib/auth/sessions';
import { startStepUpWithPasskey, stepUpWithPasskey, stepUpWithPassword, type StepUpResult } from '@/lib/auth/step-up';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { actionError, actionOk, invalidInput, type ActionResult, type ActionState } from '@/lib/forms/action-state';
import { finishRegistration, PasskeyError, removePasskey, renamePasskey, startRegistration } from '@/lib/passkeys';

/**
 * /account/security. Every action is a public POST endpoint: each one reads the session itself, and
 * every change to the passkeys is refused unless this session re-authenticated within
 * STEP_UP_SECONDS (checked in lib/passkeys where the change is written, never only in the UI).
 */
export type SecurityErrorCode =
  | 'unauthorized'
  | 'invalid_input'
  | 'failed'
  | 'verification_failed'
  | 'step_up_required'
  | 'step_up_expired'
  | 'invalid_password'
  | 'passkey_failed'
  | 'rate_limited'
  | 'not_available';

/** With `rate_limited`: how long to wait, shown in the message. */
type RetryAfter = { retryAfterSeconds?: number };
export type SecurityResult = ActionResult<null, SecurityErrorCode, RetryAfter>;
export type SecurityState = ActionState<null, SecurityErrorCode, RetryAfter>;

/** `lang`: the page's language (the prefs cookie) — the passkey notice is written in it (docs/design.md#mail-language). */
async function ctx() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h), lang: await getLocale() };
}

const denied = actionError<SecurityErrorCode>('unauthorized');
const done = actionOk(null);

/** Expected refusals become codes for the form; anything else is rethrown (a generic error page). */
function refusal(e: unknown) {
  if (e instanceof StepUpError) return actionError<SecurityErrorCode>(e.code);
  if (e instanceof PasskeyError)
    return actionError<SecurityErrorCode>(e.code === 'verification_failed' ? 'verification_failed' : 'failed');
  if (e instanceof SyntaxError) return actionError<SecurityErrorCode>('invalid_input');
  throw e;
}

/** The step-up results of lib/auth/step-up as this page's state. */
function stepUpState(res: StepUpResult): SecurityResult {
  if (res.ok) return done;
  return res.code === 'rate_limited'
    ? actionError(res.code, {}, { retryAfterSeconds: res.retryAfterSeconds })
    : actionError(res.code);
}

async function guard() {
  const s = await getCustomerSession();
  return s ? { customerId: s.customerId, sid: s.sid } : null;
}

export async function registrationOptionsAction() {
  const g = await guard();
  if (!g) return denied;
  try {
    const { challengeId, options } = await startRegistration(await getDb(), g);
    return actionOk({ challengeId, options });
  } catch (e) {
    return refusal(e);
  }
}

export async function registrationFinishAction(input: unknown): Promise<SecurityResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = passkeyResponseSchema.safeParse(input);
  if (!parsed.success) return actionError('invalid_input');
  try {
    await finishRegistration(
      await getDb(),
      g,
      { challengeId: parsed.data.challengeId, response: JSON.parse(parsed.data.response) },
      await ctx(),
    );
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return done;
}

export async function renamePasskeyAction(_prev: SecurityState, form: FormData): Promise<SecurityResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = renamePasskeySchema.safeParse({
    credentialId: form.get('credentialId'),
    nickname: form.get('nickname'),
  });
  if (!parsed.success) return invalidInput(parsed.error, 'invalid_input');
  try {
    await renamePasskey(await getDb(), g, parsed.data.credentialId, parsed.data.nickname, await ctx());
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return done;
}

export async function removePasskeyAction(_prev: SecurityState, form: FormData): Promise<SecurityResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = removePasskeySchema.safeParse({ credentialId: form.get('credentialId') });
  if (!parsed.success) return actionError('invalid_input');
  try {
    await removePasskey(await getDb(), g, parsed.data.credentialId, await ctx());
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return done;
}

/** 「本人確認」 with the password (only where password login works for this customer). */
export async function stepUpPasswordAction(input: unknown): Promise<SecurityResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = stepUpPasswordSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, 'invalid_input');
  return stepUpState(await stepUpWithPassword(await getDb(), g, parsed.data.password, await ctx()));
}

/** 「本人確認」 with a passkey, step 1: a challenge for one of this customer's own passkeys. */
export async function stepUpPasskeyOptionsAction() {
  const g = await guard();
  if (!g) return denied;
  const res = await startStepUpWithPasskey(await getDb(), g);
  return res.ok
    ? actionOk({ challengeId: res.challengeId, options: res.options })
    : actionError<SecurityErrorCode>(res.code);
}

/** Step 2: the assertion, user verified. */
export async function stepUpPasskeyFinishAction(input: unknown): Promise<SecurityResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = passkeyResponseSchema.safeParse(input);
  if (!parsed.success) return actionError('invalid_input');
  let response: unknown;
  try {
    response = JSON.parse(parsed.data.response);
  } catch {
    return actionError('invalid_input');
  }
  return stepUpState(
    await stepUpWithPasskey(await getDb(), g, { challengeId: parsed.data.challengeId, response }, await ctx()),
  );
}

/** Ends the session on the server (a copied cookie is refused afterwards), then in the browser. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession('/login');
}
