'use client';

import { useActionState, useEffect, useRef } from 'react';
import { removePasskeyAction, type SecurityState } from './actions';
import { idle } from '@/lib/forms/action-state';
import { isStepUpCode, useStepUp } from './step-up';
import { accountMessages } from '@/lib/i18n/messages/account';
import type { Locale } from '@/lib/i18n/types';

export function RemoveForm({
  locale,
  credentialId,
  nickname,
}: {
  locale: Locale;
  credentialId: string;
  nickname: string;
}) {
  const t = accountMessages[locale];
  const [state, action, pending] = useActionState<SecurityState, FormData>(removePasskeyAction, idle);
  const form = useRef<HTMLFormElement>(null);
  const askStepUp = useStepUp();

  // Refused for want of a fresh step-up: ask for it, then send the same form again.
  useEffect(() => {
    if (state.ok === false && isStepUpCode(state.formError)) {
      void askStepUp(state.formError).then((ok) => ok && form.current?.requestSubmit());
    }
  }, [state, askStepUp]);

  const failed = state.ok === false && !isStepUpCode(state.formError);
  return (
    <form ref={form} action={action}>
      <input type="hidden" name="credentialId" value={credentialId} />
      <p>{t.removeConfirm(nickname)}</p>
      <div className="field-error" aria-live="polite">
        {failed ? t.failed : ''}
      </div>
      <button type="submit" className="btn btn-danger" disabled={pending}>
        {t.remove}
      </button>
    </form>
  );
}
