'use client';

import Link from 'next/link';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { StaffActionResult } from '@/lib/staff/action';
import { useBusyError } from '@/lib/forms/use-busy';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffSecurityMessages } from '@/lib/i18n/messages/staff-security';
import type { Locale } from '@/lib/i18n/types';
import { finishStepUpAction, startStepUpAction } from '../security/actions';
import { formMessage } from './messages';

type StepUpWords = (typeof staffCommonMessages)['ja'] & (typeof staffSecurityMessages)['ja'];

type Pending = { resolve: (confirmed: boolean) => void };

/**
 * Runs a state-changing staff action; when the server refuses it for want of a fresh passkey
 * confirmation (the check lives in lib/staff/guard.ts, not here), opens 「パスキーで本人確認」,
 * runs the assertion, and re-submits the same action once. Cancelling returns the refusal, which
 * the form shows as "confirm with your passkey".
 */
export function useStepUp(locale: Locale) {
  const t = { ...staffCommonMessages[locale], ...staffSecurityMessages[locale] };
  const [pending, setPending] = useState<Pending | null>(null);

  const run = useCallback(async <T,>(call: () => Promise<StaffActionResult<T>>): Promise<StaffActionResult<T>> => {
    const first = await call();
    if (first.ok || first.formError !== 'step_up_required') return first;
    const confirmed = await new Promise<boolean>((resolve) => setPending({ resolve }));
    setPending(null);
    return confirmed ? call() : first;
  }, []);

  const dialog = pending ? <StepUpDialog t={t} onDone={(ok) => pending.resolve(ok)} /> : null;
  return { run, dialog };
}

function StepUpDialog({ t, onDone }: { t: StepUpWords; onDone: (confirmed: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const leadId = useId();
  const { busy, error, setError, run } = useBusyError(t.errors.error);
  const [noPasskey, setNoPasskey] = useState(false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  const confirm = () =>
    run(async () => {
      const start = await startStepUpAction(undefined);
      if (!start.ok) {
        if (start.formError === 'no_passkey') setNoPasskey(true);
        setError(formMessage(t, start.formError));
        return;
      }
      const { startAuthentication } = await import('@simplewebauthn/browser');
      let response;
      try {
        response = await startAuthentication({ optionsJSON: start.data.options });
      } catch {
        setError(t.security.ceremonyCancelled);
        return;
      }
      const done = await finishStepUpAction({ challengeId: start.data.challengeId, response });
      if (!done.ok) {
        setError(formMessage(t, done.formError));
        return;
      }
      ref.current?.close();
      onDone(true);
    });

  const cancel = () => {
    ref.current?.close();
    onDone(false);
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={leadId}
      data-testid="step-up-dialog"
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
      style={{ maxWidth: '28rem', borderRadius: 12, border: '1px solid var(--c-border)', padding: 'var(--space-5)' }}
    >
      <h2 id={titleId} style={{ marginTop: 0 }}>
        {t.security.stepUpTitle}
      </h2>
      <p id={leadId}>{t.security.stepUpLead}</p>
      <div role="alert" aria-live="assertive" className={error ? 'alert alert-error' : undefined}>
        {error}
        {noPasskey && (
          <>
            {' '}
            <Link href="/staff/security">{t.security.stepUpEnroll}</Link>
          </>
        )}
      </div>
      <div className="actions actions-row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={confirm}>
          {busy ? t.security.stepUpWorking : t.security.stepUpButton}
        </button>
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={cancel}>
          {t.security.stepUpCancel}
        </button>
      </div>
    </dialog>
  );
}
