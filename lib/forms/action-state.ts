import type { z } from 'zod';

/**
 * What every form's server action returns, for every form in the app (customer, account, staff):
 * - idle: nothing submitted yet (the initial state for `useActionState`);
 * - ok: the action ran, with its data;
 * - error: field errors (field → one code) and/or one form-level error.
 *
 * Errors are codes that the form translates (lib/i18n), never an exception's text. `E` is the form
 * error: a string code, or an object carrying details (e.g. the recovery error with its retry time).
 * `X` adds fields an error needs to carry back (e.g. the next screen, or the typed login ID).
 */
export type ActionState<T = null, E = string, X extends object = object> = ActionIdle | ActionResult<T, E, X>;

/** What an action returns once it ran: the state without `idle`. */
export type ActionResult<T = null, E = string, X extends object = object> = ActionOk<T> | ActionError<E, X>;

export type ActionIdle = { ok: null };
export type ActionOk<T> = { ok: true; data: T };
export type ActionError<E = string, X extends object = object> = {
  ok: false;
  fieldErrors: FieldErrors;
  formError: E | null;
} & X;

/** Field name → the code of its first problem. An issue about the whole input is under `FORM_FIELD`. */
export type FieldErrors = Record<string, string>;

/** The key of an issue that belongs to no single field (a `superRefine` on the object, or no path). */
export const FORM_FIELD = '_form';

export const idle: ActionIdle = { ok: null };

export function actionOk<T>(data: T): ActionOk<T> {
  return { ok: true, data };
}

/** A refusal: a form-level code, optional field errors, and optional extra fields. */
export function actionError<E, X extends object = object>(
  formError: E | null,
  fieldErrors: FieldErrors = {},
  extra?: X,
): ActionError<E, X> {
  return { ok: false, fieldErrors, formError, ...(extra as X) };
}

/**
 * zod issues as `{ field: code }`: the first issue per top-level field, the form's own issues under
 * `FORM_FIELD` (input that is not an object gives none). A missing or wrongly typed value reads
 * `required` (the schema's message otherwise).
 * This is the one shape for every form, the server actions and the JSON API's `fields`.
 */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : FORM_FIELD;
    // Input that is not even an object has no field to point at: the form error says it.
    if (key === FORM_FIELD && issue.code === 'invalid_type') continue;
    if (key in out) continue;
    out[key] = issue.code === 'invalid_type' ? 'required' : issue.message;
  }
  return out;
}

/** The refusal for input that failed its schema: field errors, and `formError` (none by default). */
export function invalidInput<E = never>(error: z.ZodError, formError: E | null = null): ActionError<E> {
  return actionError(formError, fieldErrorsOf(error));
}
