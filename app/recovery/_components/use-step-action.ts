'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { RecoveryError, RecoveryStep, StepActionResult, StepProps } from './types';

/**
 * For buttons that are not a step's form (the staff console's previews, older callers); the step forms use
 * useStepForm. Runs one step's server action (live) or only pretends to (preview: nothing is sent). On success the
 * container gets the next screen; on a refusal the error is shown here, or — when the flow has moved
 * to another step meanwhile (expired, locked, done elsewhere) — the container switches to that screen.
 */
export function useStepAction<S extends RecoveryStep>(
  step: S,
  props: Pick<StepProps<S>, 'mode' | 'onView' | 'onPreviewSubmit' | 'flash'>,
) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<{ error: RecoveryError; n: number } | null>(
    props.flash ? { error: props.flash, n: 0 } : null,
  );
  const [previewed, setPreviewed] = useState(0);
  const live = (props.mode ?? 'live') === 'live';

  function submit(
    action: () => Promise<StepActionResult>,
    values: Record<string, unknown>,
    opts: { onFieldErrors?: (errors: Record<string, string>) => void; onOk?: () => void } = {},
  ) {
    if (pending) return; // buttons stay focusable while busy (aria-disabled), so ignore repeats here
    setFormError(null);
    if (!live) {
      setPreviewed((n) => n + 1);
      props.onPreviewSubmit?.(values);
      return;
    }
    startTransition(async () => {
      let res: StepActionResult;
      try {
        res = await action();
      } catch {
        res = { ok: false, fieldErrors: {}, formError: { code: 'unavailable' } };
      }
      if (res.ok === null) return;
      if (res.ok) {
        opts.onOk?.();
        if (props.onView) props.onView(res.data.view, null);
        else router.refresh();
        return;
      }
      if (Object.keys(res.fieldErrors).length) opts.onFieldErrors?.(res.fieldErrors);
      if (res.view && res.view.step !== step) {
        props.onView?.(res.view, res.formError);
        return;
      }
      if (res.view) props.onView?.(res.view, null);
      if (res.formError && res.formError.code !== 'invalid_input')
        setFormError((prev) => ({ error: res.formError!, n: (prev?.n ?? 0) + 1 }));
    });
  }

  return { submit, pending, formError: formError?.error ?? null, formErrorKey: formError?.n ?? 0, previewed, live };
}
