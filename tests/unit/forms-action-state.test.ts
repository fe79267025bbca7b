import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { actionError, actionOk, FORM_FIELD, fieldErrorsOf, idle, invalidInput } from '../../lib/forms/action-state';
import { customerSearchSchema } from '../../lib/staff/schemas';

describe('one action state and one field-error shape for every form', () => {
  const schema = z.object({
    name: z.string({ error: 'required' }).min(2, { error: 'too_short' }).max(4, { error: 'too_long' }),
    age: z.number(),
  });

  it('gives the first code per field, `required` for a missing or mistyped value', () => {
    const r = schema.safeParse({ name: 'x', age: 'ten' });
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsOf(r.error)).toEqual({ name: 'too_short', age: 'required' });
    const missing = schema.safeParse({});
    if (!missing.success) expect(fieldErrorsOf(missing.error)).toEqual({ name: 'required', age: 'required' });
  });

  it('puts an issue about the whole form under _form (the staff search needs one criterion)', () => {
    const r = customerSearchSchema.safeParse({});
    expect(r.success).toBe(false);
    if (!r.success) expect(fieldErrorsOf(r.error)).toEqual({ [FORM_FIELD]: 'need_criteria' });
  });

  it('builds the three states', () => {
    expect(idle).toEqual({ ok: null });
    expect(actionOk({ id: 1 })).toEqual({ ok: true, data: { id: 1 } });
    expect(actionError('rate_limited', {}, { retryAfterSeconds: 30 })).toEqual({
      ok: false,
      formError: 'rate_limited',
      fieldErrors: {},
      retryAfterSeconds: 30,
    });
    const r = schema.safeParse({ name: 'abcdef', age: 1 });
    if (!r.success)
      expect(invalidInput(r.error, 'invalid_input')).toEqual({
        ok: false,
        formError: 'invalid_input',
        fieldErrors: { name: 'too_long' },
      });
  });
});
