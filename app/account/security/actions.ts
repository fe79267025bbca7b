'use server';

import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { endCurrentSession, getCustomerSession } from '@/lib/auth';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { finishRegistration, nicknameSchema, PasskeyError, removePasskey, renamePasskey, startRegistration } from '@/lib/passkeys';

export type ActionResult = { ok: true } | { ok: false; formError: string; fieldErrors?: Record<string, string> };

async function ctx() {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h) };
}

const denied: ActionResult = { ok: false, formError: 'unauthorized' };

export async function registrationOptionsAction() {
  const s = await getCustomerSession();
  if (!s) return { ok: false as const };
  const { challengeId, options } = await startRegistration(await getDb(), s.customerId);
  return { ok: true as const, challengeId, options };
}

const finishSchema = z.object({ challengeId: z.uuid(), response: z.string().min(2).max(20_000) });

export async function registrationFinishAction(input: unknown): Promise<ActionResult> {
  const s = await getCustomerSession();
  if (!s) return denied;
  const parsed = finishSchema.safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'invalid_input' };
  try {
    await finishRegistration(await getDb(), s.customerId, { challengeId: parsed.data.challengeId, response: JSON.parse(parsed.data.response) }, await ctx());
  } catch (e) {
    if (e instanceof PasskeyError || e instanceof SyntaxError) return { ok: false, formError: 'failed' };
    throw e;
  }
  revalidatePath('/account/security');
  return { ok: true };
}

const renameSchema = z.object({ credentialId: z.string().min(1).max(1024), nickname: nicknameSchema });

export async function renamePasskeyAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  const s = await getCustomerSession();
  if (!s) return denied;
  const parsed = renameSchema.safeParse({ credentialId: form.get('credentialId'), nickname: form.get('nickname') });
  if (!parsed.success) return { ok: false, formError: 'invalid_input', fieldErrors: { nickname: parsed.error.issues[0]?.message ?? 'required' } };
  try {
    await renamePasskey(await getDb(), s.customerId, parsed.data.credentialId, parsed.data.nickname, await ctx());
  } catch (e) {
    if (e instanceof PasskeyError) return { ok: false, formError: 'failed' };
    throw e;
  }
  revalidatePath('/account/security');
  return { ok: true };
}

export async function removePasskeyAction(form: FormData): Promise<void> {
  const s = await getCustomerSession();
  if (!s) return;
  const parsed = z.object({ credentialId: z.string().min(1).max(1024) }).safeParse({ credentialId: form.get('credentialId') });
  if (!parsed.success) return;
  try {
    await removePasskey(await getDb(), s.customerId, parsed.data.credentialId, await ctx());
  } catch (e) {
    if (!(e instanceof PasskeyError)) throw e;
  }
  revalidatePath('/account/security');
}

/** Ends the session on the server (a copied cookie is refused afterwards), then in the browser. */
export async function signOutAction(): Promise<void> {
  await endCurrentSession('/login');
}
