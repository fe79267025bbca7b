'use server';

import { cookies, headers } from 'next/headers';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { securityPolicy } from '@/lib/config/security';
import { actionError, actionOk, fieldErrorsOf } from '@/lib/forms/action-state';
import { clientIp, userAgent } from '@/lib/http/client-info';
import { getLocale } from '@/lib/i18n/server';
import { errorFields, logger } from '@/lib/log';
import {
  completeFlow,
  describeFlow,
  startFlow,
  submitCredentialsPin,
  submitNewPassword,
  type RecoveryContext,
  type RecoveryError,
  type RecoveryResult,
  type RecoveryView,
} from '@/lib/recovery';
import { completeSchema, credentialsPinSchema, newPasswordSchema } from '@/lib/recovery/schemas';
import { RECOVERY_COOKIE } from '../_components/types';
import { setRecoveryCookie } from './cookie';
import type { PasswordStepState } from '../_components/password-step-state';

/*
 * The web steps that only the password kind has (docs/design.md#forgotten-password). Each is a form
 * action — `(previous state, FormData)` — so the form posts without JavaScript too; with JavaScript the
 * same action is called with the same FormData after the shared schema has checked it in the browser.
 * The flow token in the httpOnly cookie says which flow (and so which account); never the request.
 * The steps both kinds share (secret question, account data, code) use app/recovery/actions.ts.
 */

async function context(): Promise<RecoveryContext> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: userAgent(h), channel: 'web', lang: await getLocale() };
}

async function currentView(db: Db, token: string): Promise<RecoveryView> {
  return (await describeFlow(db, token, { locale: await getLocale() })) ?? { step: 'intro', kind: 'password' };
}

function unavailable(err: unknown, what: string, n?: number): PasswordStepState {
  logger.error({ err: errorFields(err) }, what);
  return actionError<RecoveryError, { n?: number }>({ code: 'unavailable' }, {}, { n });
}

/** FormData → plain strings (files and repeated keys ignored); anything else is what the schema refuses. */
function fields(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !(k in out)) out[k] = v;
  return out;
}

/** Refusals count up, so the form announces the same message again. */
function nextN(prev: PasswordStepState): number {
  return (prev.ok === false ? (prev.n ?? 0) : 0) + 1;
}

async function step<S extends z.ZodType>(
  prev: PasswordStepState,
  schema: S,
  input: Record<string, unknown>,
  call: (db: Db, token: string, data: z.output<S>, ctx: RecoveryContext) => Promise<RecoveryResult<unknown>>,
  values: Record<string, string> = {},
): Promise<PasswordStepState> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return actionError(null, fieldErrorsOf(parsed.error), { values, n: nextN(prev) });
  const token = (await cookies()).get(RECOVERY_COOKIE)?.value ?? '';
  try {
    const db = await getDb();
    const res = await call(db, token, parsed.data, await context());
    const view = await currentView(db, token);
    if (res.ok) return actionOk({ view });
    const fieldErrors = res.error.code === 'invalid_input' ? res.error.fields : {};
    return actionError(res.error, fieldErrors, { view, values, n: nextN(prev) });
  } catch (err) {
    return unavailable(err, 'password recovery action failed', nextN(prev));
  }
}

/** 「本人確認をはじめる」 on /recovery/password: a new flow of the password kind. */
export async function startPasswordRecoveryAction(): Promise<PasswordStepState> {
  let db: Db;
  let res;
  try {
    db = await getDb();
    res = await startFlow(db, await context(), { kind: 'password' });
  } catch (err) {
    return unavailable(err, 'password recovery start failed');
  }
  if (!res.ok) return actionError(res.error);
  await setRecoveryCookie(res.value.flowToken, Math.ceil(securityPolicy().flowTtlMs / 1000));
  try {
    return actionOk({ view: await currentView(db, res.value.flowToken) });
  } catch (err) {
    return unavailable(err, 'password recovery start failed');
  }
}

/** 「ログインID」「取引暗証番号」. The login ID is given back after a refusal; the PIN never is. */
export async function credentialsPinAction(prev: PasswordStepState, form: FormData): Promise<PasswordStepState> {
  const input = fields(form);
  return step(prev, credentialsPinSchema, input, (db, token, data, ctx) => submitCredentialsPin(db, token, data, ctx), {
    loginId: (input.loginId ?? '').slice(0, 64),
  });
}

/** 「新しいパスワード」 twice; the server's rules decide (`weak_password` with its reasons). */
export async function newPasswordAction(prev: PasswordStepState, form: FormData): Promise<PasswordStepState> {
  return step(prev, newPasswordSchema, fields(form), (db, token, data, ctx) => submitNewPassword(db, token, data, ctx));
}

/** The review of the password kind: 「パスワードを変更する」 with the consent box ticked. */
export async function completePasswordRecoveryAction(
  prev: PasswordStepState,
  form: FormData,
): Promise<PasswordStepState> {
  // A ticked checkbox posts "on"; an unticked one posts nothing, which the schema refuses.
  const confirm = form.get('confirm') === 'on' ? true : undefined;
  return step(prev, completeSchema, { confirm }, (db, token, _data, ctx) => completeFlow(db, token, ctx));
}
