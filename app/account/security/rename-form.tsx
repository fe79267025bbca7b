'use client';

import { renamePasskeyAction } from './actions';
import { useStepUpForm, type PasskeyFormProps } from './step-up';
import { accountMessages } from '@/lib/i18n/messages/account';

export function RenameForm({ locale, credentialId, nickname }: PasskeyFormProps) {
  const t = accountMessages[locale];
  const { state, action, pending, form, needsStepUp } = useStepUpForm(renamePasskeyAction);
  const id = `rename-${credentialId.slice(0, 12)}`;

  const err =
    state.ok !== false || needsStepUp
      ? ''
      : state.fieldErrors.nickname === 'too_long'
        ? t.nicknameTooLong
        : state.fieldErrors.nickname
          ? t.nicknameRequired
          : t.failed;
  return (
    <form ref={form} action={action} className="field" noValidate>
      <input type="hidden" name="credentialId" value={credentialId} />
      <label htmlFor={id}>{t.renameLabel(nickname)}</label>
      <input
        id={id}
        name="nickname"
        type="text"
        defaultValue={nickname}
        maxLength={40}
        required
        aria-invalid={!!err}
        aria-describedby={`${id}-error`}
      />
      <div id={`${id}-error`} className="field-error" aria-live="polite">
        {err}
      </div>
      {state.ok && (
        <p role="status" className="small">
          {t.renamed}
        </p>
      )}
      <button type="submit" className="btn btn-secondary" disabled={pending}>
        {t.rename}
      </button>
    </form>
  );
}
