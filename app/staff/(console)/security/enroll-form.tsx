'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffSecurityMessages } from '@/lib/i18n/messages/staff-security';
import type { Locale } from '@/lib/i18n/types';
import { enrollmentCodeSchema } from '@/lib/staff/schemas';
import { fieldMessage, formMessage } from '../_ui/messages';
import { finishEnrollmentAction, startEnrollmentAction } from './actions';

/**
 * Registers a staff passkey: the code is checked by the server before the browser asks for the
 * authenticator, and used up only when the passkey is stored.
 */
export function EnrollForm({ locale, codeRequired }: { locale: Locale; codeRequired: boolean }) {
  const t = { ...staffCommonMessages[locale], ...staffSecurityMessages[locale] };
  const s = t.security;
  const router = useRouter();
  const [code, setCode] = useState('');
  const [nickname, setNickname] = useState('');
  const [busy, setBusy] = useState(false);
  const [codeError, setCodeError] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setMessage(null);
    setCodeError('');
    let checkedCode: string | undefined;
    if (codeRequired) {
      const parsed = enrollmentCodeSchema.safeParse(code);
      if (!parsed.success) {
        setCodeError(fieldMessage(t, parsed.error.issues[0]?.message));
        return;
      }
      checkedCode = parsed.data;
    }
    if (typeof window.PublicKeyCredential === 'undefined') {
      setMessage({ ok: false, text: t.errors.passkey_failed });
      return;
    }
    setBusy(true);
    try {
      const start = await startEnrollmentAction(checkedCode ? { code: checkedCode } : {});
      if (!start.ok) {
        if (start.fieldErrors.code) setCodeError(fieldMessage(t, start.fieldErrors.code));
        setMessage({ ok: false, text: formMessage(t, start.formError) });
        return;
      }
      const { startRegistration } = await import('@simplewebauthn/browser');
      let response;
      try {
        response = await startRegistration({ optionsJSON: start.data.options });
      } catch {
        setMessage({ ok: false, text: s.ceremonyCancelled });
        return;
      }
      const done = await finishEnrollmentAction({
        challengeId: start.data.challengeId,
        response,
        ...(checkedCode ? { code: checkedCode } : {}),
        ...(nickname.trim() ? { nickname } : {}),
      });
      if (!done.ok) {
        setMessage({ ok: false, text: formMessage(t, done.formError) });
        return;
      }
      setMessage({ ok: true, text: s.enrolled });
      setCode('');
      setNickname('');
      router.refresh();
    } catch {
      setMessage({ ok: false, text: t.errors.error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="enroll-title">
      <div
        role="status"
        aria-live="polite"
        className={message ? `alert ${message.ok ? 'alert-success' : 'alert-error'}` : undefined}
      >
        {message?.text}
      </div>
      {codeRequired && (
        <div className="field">
          <label htmlFor="enroll-code">{s.code}</label>
          <span className="hint" id="enroll-code-hint">
            {s.codeHint}
          </span>
          <input
            id="enroll-code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={64}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            aria-invalid={!!codeError}
            aria-describedby="enroll-code-hint enroll-code-error"
          />
          <div id="enroll-code-error" className="field-error" aria-live="polite">
            {codeError}
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="enroll-nickname">{s.nicknameLabel}</label>
        <span className="hint" id="enroll-nickname-hint">
          {s.nicknameHint}
        </span>
        <input
          id="enroll-nickname"
          type="text"
          autoComplete="off"
          maxLength={40}
          value={nickname}
          onChange={(e) => setNickname(e.target.value)}
          aria-describedby="enroll-nickname-hint"
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? s.enrolling : s.enroll}
      </button>
    </form>
  );
}
