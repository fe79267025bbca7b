'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { endCurrentSession, getCustomerSession } from '@/lib/auth';
import { passwordField } from '@/lib/auth/schemas';
import { StepUpError } from '@/lib/auth/sessions';
import { startStepUpWithPasskey, stepUpWithPasskey, stepUpWithPassword } from '@/lib/auth/step-up';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { finishRegistration, nicknameSchema, PasskeyError, removePasskey, renamePasskey, startRegistration } from '@/lib/passkeys';

/**
 * /account/security. Every action is a public POST endpoint: each one reads the session itself, and
 * every change to the passkeys is refused unless this session re-authenticated within
 * STEP_UP_SECONDS (checked in lib/passkeys where the change is written, never only in the UI).
 */
export type SecurityErrorCode =
  | 'unauthorized' | 'invalid_input' | 'failed' | 'verification_failed' | 'step_up_required' | 'step_up_expired'
  | 'invalid_password' | 'passkey_failed' | 'rate_limited' | 'not_available';

export type ActionResult =
  | { ok: true }
  | { ok: false; formError: SecurityErrorCode; fieldErrors?: Record<string, string>; retryAfterSeconds?: number };

async function ctx() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h) };
}

const denied = { ok: false as const, formError: 'unauthorized' as const };

/** Expected refusals become codes for the form; anything else is rethrown (a generic error page). */
function refusal(e: unknown): { ok: false; formError: SecurityErrorCode } {
  if (e instanceof StepUpError) return { ok: false, formError: e.code };
  if (e instanceof PasskeyError) return { ok: false, formError: e.code === 'verification_failed' ? 'verification_failed' : 'failed' };
  if (e instanceof SyntaxError) return { ok: false, formError: 'invalid_input' };
  throw e;
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
    return { ok: true as const, challengeId, options };
  } catch (e) {
    return refusal(e);
  }
}

const finishSchema = z.object({ challengeId: z.uuid(), response: z.string().min(2).max(20_000) });

export async function registrationFinishAction(input: unknown): Promise<ActionResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = finishSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'invalid_input' };
  try {
    await finishRegistration(await getDb(), g, { challengeId: parsed.data.challengeId, response: JSON.parse(parsed.data.response) }, await ctx());
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return { ok: true };
}

const credentialIdField = z.string().min(1).max(1024);
const renameSchema = z.object({ credentialId: credentialIdField, nickname: nicknameSchema });

export async function renamePasskeyAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = renameSchema.safeParse({ credentialId: form.get('credentialId'), nickname: form.get('nickname') });
  if (!parsed.success) return { ok: false, formError: 'invalid_input', fieldErrors: { nickname: parsed.error.issues[0]?.message ?? 'required' } };
  try {
    await renamePasskey(await getDb(), g, parsed.data.credentialId, parsed.data.nickname, await ctx());
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return { ok: true };
}

export async function removePasskeyAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = z.object({ credentialId: credentialIdField }).safeParse({ credentialId: form.get('credentialId') });
  if (!parsed.success) return { ok: false, formError: 'invalid_input' };
  try {
    await removePasskey(await getDb(), g, parsed.data.credentialId, await ctx());
  } catch (e) {
    return refusal(e);
  }
  revalidatePath('/account/security');
  return { ok: true };
}

const stepUpPasswordSchema = z.object({ password: passwordField });

/** 「本人確認」 with the password (only where password login works for this customer). */
export async function stepUpPasswordAction(input: unknown): Promise<ActionResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = stepUpPasswordSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'invalid_input', fieldErrors: { password: parsed.error.issues[0]?.message ?? 'required' } };
  const res = await stepUpWithPassword(await getDb(), g, parsed.data.password, await ctx());
  if (res.ok) return { ok: true };
  return res.code === 'rate_limited' ? { ok: false, formError: 'rate_limited', retryAfterSeconds: res.retryAfterSeconds } : { ok: false, formError: res.code };
}

/** 「本人確認」 with a passkey, step 1: a challenge for one of this customer's own passkeys. */
export async function stepUpPasskeyOptionsAction() {
  const g = await guard();
  if (!g) return denied;
  const res = await startStepUpWithPasskey(await getDb(), g);
  return res.ok ? res : { ok: false as const, formError: res.code };
}

const assertionSchema = z.object({ challengeId: z.uuid(), response: z.string().min(2).max(20_000) });

/** Step 2: the assertion, user verified. */
export async function stepUpPasskeyFinishAction(input: unknown): Promise<ActionResult> {
  const g = await guard();
  if (!g) return denied;
  const parsed = assertionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'invalid_input' };
  let response: unknown;
  try {
    response = JSON.parse(parsed.data.response);
  } catch {
    return { ok: false, formError: 'invalid_input' };
  }
  const res = await stepUpWithPasskey(await getDb(), g, { challengeId: parsed.data.challengeId, response }, await ctx());
  if (res.ok) return { ok: true };
  return res.code === 'rate_limited' ? { ok: false, formError: 'rate_limited', retryAfterSeconds: res.retryAfterSeconds } : { ok: false, formError: res.code };
}

/** Ends the session on the server (a copied cookie is refused afterwards), then in the browser. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession('/login');
}
