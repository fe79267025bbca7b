'use server';

import { cookies, headers } from 'next/headers';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { envValue } from '@/lib/config/env';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { errorFields, logger } from '@/lib/log';
import {
  cancelFlow,
  completeFlow,
  describeFlow,
  resendOtp,
  startFlow,
  submitAccountData,
  submitCredentials,
  submitOtp,
  submitSecretAnswer,
  type RecoveryContext,
  type RecoveryResult,
  type RecoveryView,
} from '@/lib/recovery';
import { extendFlow, maxFlowLifetimeMs } from '@/lib/recovery/extend';
import {
  accountDataSchema,
  completeSchema,
  credentialsSchema,
  fieldErrorsOf,
  otpSchema,
  secretQuestionSchema,
} from '@/lib/recovery/schemas';
import { actionError, actionOk } from '@/lib/forms/action-state';
import { RECOVERY_COOKIE, type StepActionResult } from './_components/types';

/*
 * The web steps of /recovery. Each action is a public POST endpoint and the `action` of its step's <form>: with
 * JavaScript, react-hook-form checks the fields first and `useActionState` calls it; without, the browser posts the
 * form and the page is drawn again from the flow row (docs/design.md#steps). Either way it parses the FormData with
 * the schema its form uses, and is authorized by the flow token in the httpOnly, SameSite=Strict cookie — the flow
 * row, never the request, says which account is being recovered. The work is in lib/recovery.
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
  return actionError({ code: 'unavailable' });
}

async function run(
  call: (db: Db, token: string, ctx: RecoveryContext) => Promise<RecoveryResult<unknown>>,
): Promise<StepActionResult> {
  const token = await flowToken();
  try {
    const db = await getDb();
    const res = await call(db, token, await context());
    const view = await currentView(db, token);
    if (res.ok) return actionOk({ view });
    const fieldErrors = res.error.code === 'invalid_input' ? res.error.fields : {};
    return actionError(res.error, fieldErrors, { view });
  } catch (err) {
    return unavailable(err, 'recovery action failed');
  }
}

/** The form's fields as the schema reads them: strings only (a posted file is no field), React's own keys dropped. */
function fields(form: FormData | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(form instanceof FormData)) return out;
  for (const [k, v] of form) if (typeof v === 'string' && !k.startsWith('$ACTION') && !(k in out)) out[k] = v;
  return out;
}

async function step<S extends z.ZodType>(
  schema: S,
  input: unknown,
  call: (db: Db, token: string, data: z.output<S>, ctx: RecoveryContext) => Promise<RecoveryResult<unknown>>,
): Promise<StepActionResult> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return actionError(null, fieldErrorsOf(parsed.error));
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
  if (!res.ok) return actionError(res.error);
  (await cookies()).set(RECOVERY_COOKIE, res.value.flowToken, {
    httpOnly: true,
    sameSite: 'strict',
    secure: envValue('NODE_ENV') === 'production',
    path: '/recovery',
    // The cookie outlives the flow's longest possible life (extensions included); the row decides.
    maxAge: Math.ceil(maxFlowLifetimeMs() / 1000),
  });
  try {
    return actionOk({ view: await currentView(db, res.value.flowToken) });
  } catch (err) {
    // The flow exists and its cookie is set: the page shows it once the database answers again.
    return unavailable(err, 'recovery start failed');
  }
}

export async function credentialsAction(_prev: StepActionResult, form: FormData): Promise<StepActionResult> {
  return step(credentialsSchema, fields(form), (db, token, data, ctx) => submitCredentials(db, token, data, ctx));
}

export async function secretQuestionAction(_prev: StepActionResult, form: FormData): Promise<StepActionResult> {
  return step(secretQuestionSchema, fields(form), (db, token, data, ctx) => submitSecretAnswer(db, token, data, ctx));
}

export async function accountDataAction(_prev: StepActionResult, form: FormData): Promise<StepActionResult> {
  return step(accountDataSchema, fields(form), (db, token, data, ctx) => submitAccountData(db, token, data, ctx));
}

export async function otpAction(_prev: StepActionResult, form: FormData): Promise<StepActionResult> {
  return step(otpSchema, fields(form), (db, token, data, ctx) => submitOtp(db, token, data, ctx));
}

export async function resendOtpAction(): Promise<StepActionResult> {
  return run((db, token, ctx) => resendOtp(db, token, ctx));
}

/** The consent checkbox posts `confirm=on` when ticked and nothing when not: the schema wants exactly `true`. */
export async function completeRecoveryAction(_prev: StepActionResult, form: FormData): Promise<StepActionResult> {
  const ticked = fields(form).confirm;
  const input = { confirm: ticked === 'on' || ticked === 'true' ? true : undefined };
  return step(completeSchema, input, (db, token, _data, ctx) => completeFlow(db, token, ctx));
}

export async function cancelRecoveryAction(): Promise<StepActionResult> {
  return run((db, token, ctx) => cancelFlow(db, token, ctx));
}

/** 「時間を延長する」 (WCAG 2.2.1): the flow lives longer, within the cap of docs/design.md#security-rules. */
export async function extendRecoveryAction(): Promise<StepActionResult> {
  return run((db, token, ctx) => extendFlow(db, token, ctx));
}

/** From an ended state (expired, locked, cancelled, done): forget the old flow, back to the intro. */
export async function restartRecoveryAction(): Promise<StepActionResult> {
  (await cookies()).delete({ name: RECOVERY_COOKIE, path: '/recovery' });
  return actionOk({ view: { step: 'intro', kind: 'passkey' } });
}
