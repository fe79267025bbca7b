import { z } from 'zod/mini';

/*
 * The fields every form shares, in zod/mini so that a client form ships only the checks it uses (the classic `zod`
 * API weighs some 30 KiB gzip in a browser). The server's schemas (lib/*\/schemas.ts) are built from these same
 * definitions: a field's rule is written once (docs/design.md#request-bodies).
 */

/**
 * Text the app accepts: well-formed Unicode (no lone surrogate, which no database or JSON column can
 * store faithfully) and no NUL (which PostgreSQL text cannot hold).
 */
export function isWellFormedText(s: string): boolean {
  if (s.includes('\u0000')) return false;
  const wellFormed = (s as string & { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed) return wellFormed.call(s);
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/** The check that refuses ill-formed text with the field error `format`, before any transform (NFKC, trimming) runs. */
export const wellFormedCheck = () => z.refine<string>(isWellFormedText, { error: 'format', abort: true });

/** `z.string()` that refuses ill-formed text: the start of every string field. */
export function textField(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).check(wellFormedCheck());
}

/** Login IDs are stored and compared NFKC + lower-case, so ＤＥＭＯ－ｌｏｃｋｅｄ finds demo-locked. */
export function normalizeLoginId(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

/** The longest login ID, after normalizing: the schema's rule and the inputs' maxLength. */
export const LOGIN_ID_MAX_LENGTH = 64;

export const loginIdField = z.pipe(
  z.pipe(textField({ error: 'required' }), z.transform(normalizeLoginId)),
  z.string().check(z.minLength(1, { error: 'required' }), z.maxLength(LOGIN_ID_MAX_LENGTH, { error: 'too_long' })),
);

export const passwordField = textField({ error: 'required' }).check(
  z.minLength(1, { error: 'required' }),
  z.maxLength(128, { error: 'too_long' }),
);
