'use client';

import { removePasskeyAction } from './actions';
import { useStepUpForm, type PasskeyFormProps } from './step-up';
import { accountMessages } from '@/lib/i18n/messages/account';

export function RemoveForm({ locale, credentialId, nickname }: PasskeyFormProps) {
  const t = accountMessages[locale];
  const { state, action, pending, form, needsStepUp } = useStepUpForm(removePasskeyAction);

  const failed = state.ok === false && !needsStepUp;
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
