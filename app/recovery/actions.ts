'use server';

import { cookies, headers } from 'next/headers';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { envValue } from '@/lib/config/env';
import { securityPolicy } from '@/lib/config/security';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { errorFields, logger } from '@/lib/log';
import {
  cancelFlow, completeFlow, describeFlow, resendOtp, startFlow, submitAccountData, submitCredentials, submitOtp,
  submitSecretAnswer, type RecoveryContext, type RecoveryResult, type RecoveryView,
} from '@/lib/recovery';
import {
  accountDataSchema, completeSchema, credentialsSchema, fieldErrorsOf, otpSchema, secretQuestionSchema,
} from '@/lib/recovery/schemas';
import { RECOVERY_COOKIE, type StepActionResult } from './_components/types';

/*
 * The web steps of /recovery. Each action is a public POST endpoint: it parses its input with the
 * schema its form uses, and is authorized by the flow token in the httpOnly, SameSite=Strict cookie —
 * the flow row, never the request, says which account is being recovered. The work is in lib/recovery.
 */

async function context(): Promise<RecoveryContext> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h), channel: 'web', lang: await getLocale() };
}

async function flowToken(): Promise<string> {
  return (await cookies()).get(RECOVERY_COOKIE)?.value ?? '';
}

async function currentView(db: Db, token: string): Promise<RecoveryView> {
  return (await describeFlow(db, token, { locale: await getLocale() })) ?? { step: 'intro', kind: 'passkey' };
}

/** The database failing anywhere (the step, or reading the view after it) is a generic `unavailable`, never a throw. */
function unavailable(err: unknown, what: string): StepActionResult {
  logger.error({ err: errorFields(err) }, what);
  return { ok: false, fieldErrors: {}, formError: { code: 'unavailable' } };
}

async function run(call: (db: Db, token: string, ctx: RecoveryContext) => Promise<RecoveryResult<unknown>>): Promise<StepActionResult> {
  const token = await flowToken();
  try {
    const db = await getDb();
    const res = await call(db, token, await context());
    const view = await currentView(db, token);
    if (res.ok) return { ok: true, data: { view } };
    const fieldErrors = res.error.code === 'invalid_input' ? res.error.fields : {};
    return { ok: false, fieldErrors, formError: res.error, view };
  } catch (err) {
    return unavailable(err, 'recovery action failed');
  }
}

async function step<S extends z.ZodType>(
  schema: S, input: unknown,
  call: (db: Db, token: string, data: z.output<S>, ctx: RecoveryContext) => Promise<RecoveryResult<unknown>>,
): Promise<StepActionResult> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), formError: null };
  return run((db, token, ctx) => call(db, token, parsed.data, ctx));
}

/** 「本人確認をはじめる」: a new flow; its token goes into the cookie, only its hash into the database. */
export async function startRecoveryAction(): Promise<StepActionResult> {
  let db: Db;
  let res;
  try {
    db = await getDb();
    res = await startFlow(db, await context());
  } catch (err) {
    return unavailable(err, 'recovery start failed');
  }
  if (!res.ok) return { ok: false, fieldErrors: {}, formError: res.error };
  (await cookies()).set(RECOVERY_COOKIE, res.value.flowToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: envValue('NODE_ENV') === 'production',
    path: '/recovery',
    maxAge: Math.ceil(securityPolicy().flowTtlMs / 1000),
  });
  try {
    return { ok: true, data: { view: await currentView(db, res.value.flowToken) } };
  } catch (err) {
    // The flow exists and its cookie is set: the page shows it once the database answers again.
    return unavailable(err, 'recovery start failed');
  }
}

export async function credentialsAction(input: unknown): Promise<StepActionResult> {
  return step(credentialsSchema, input, (db, token, data, ctx) => submitCredentials(db, token, data, ctx));
}

export async function secretQuestionAction(input: unknown): Promise<StepActionResult> {
  return step(secretQuestionSchema, input, (db, token, data, ctx) => submitSecretAnswer(db, token, data, ctx));
}

export async function accountDataAction(input: unknown): Promise<StepActionResult> {
  return step(accountDataSchema, input, (db, token, data, ctx) => submitAccountData(db, token, data, ctx));
}

export async function otpAction(input: unknown): Promise<StepActionResult> {
  return step(otpSchema, input, (db, token, data, ctx) => submitOtp(db, token, data, ctx));
}

export async function resendOtpAction(): Promise<StepActionResult> {
  return run((db, token, ctx) => resendOtp(db, token, ctx));
}

export async function completeRecoveryAction(input: unknown): Promise<StepActionResult> {
  return step(completeSchema, input, (db, token, _data, ctx) => completeFlow(db, token, ctx));
}

export async function cancelRecoveryAction(): Promise<StepActionResult> {
  return run((db, token, ctx) => cancelFlow(db, token, ctx));
}

/** From an ended state (expired, locked, cancelled, done): forget the old flow, back to the intro. */
export async function restartRecoveryAction(): Promise<StepActionResult> {
  (await cookies()).delete({ name: RECOVERY_COOKIE, path: '/recovery' });
  return { ok: true, data: { view: { step: 'intro', kind: 'passkey' } } };
}
