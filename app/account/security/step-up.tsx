'use client';

import {
  createContext,
  useActionState,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  stepUpPasskeyFinishAction,
  stepUpPasskeyOptionsAction,
  stepUpPasswordAction,
  type SecurityErrorCode,
  type SecurityState,
} from './actions';
import { idle, type ActionError } from '@/lib/forms/action-state';
import { useBusyError } from '@/lib/forms/use-busy';
import { accountMessages } from '@/lib/i18n/messages/account';
import type { Locale } from '@/lib/i18n/types';
import styles from './security.module.css';

export type StepUpCode = 'step_up_required' | 'step_up_expired';

/** Opens the 「本人確認」 panel; resolves true once this session has re-authenticated, false if cancelled. */
type AskStepUp = (code: StepUpCode) => Promise<boolean>;

const StepUpContext = createContext<AskStepUp>(async () => false);

export function useStepUp(): AskStepUp {
  return useContext(StepUpContext);
}

export function isStepUpCode(code: unknown): code is StepUpCode {
  return code === 'step_up_required' || code === 'step_up_expired';
}

/** What a form about one of the customer's passkeys is given. */
export type PasskeyFormProps = { locale: Locale; credentialId: string; nickname: string };

/**
 * A passkey change's plain form (rename, remove): refused for want of a fresh step-up, it asks for one and
 * then sends the same form again. `needsStepUp`: the refusal is that one, not an error to show.
 */
export function useStepUpForm(change: (prev: SecurityState, form: FormData) => Promise<SecurityState>) {
  const [state, action, pending] = useActionState<SecurityState, FormData>(change, idle);
  const form = useRef<HTMLFormElement>(null);
  const askStepUp = useStepUp();
  useEffect(() => {
    if (state.ok === false && isStepUpCode(state.formError)) {
      void askStepUp(state.formError).then((ok) => ok && form.current?.requestSubmit());
    }
  }, [state, askStepUp]);
  const needsStepUp = state.ok === false && isStepUpCode(state.formError);
  return { state, action, pending, form, needsStepUp };
}

/**
 * The server refuses a passkey change without a fresh re-authentication; the forms then call
 * `ask()`, this panel asks for the password or a passkey, and the form goes on with its action.
 */
export function StepUpProvider({
  locale,
  password,
  passkey,
  minutes,
  children,
}: {
  locale: Locale;
  password: boolean;
  passkey: boolean;
  minutes: number;
  children: ReactNode;
}) {
  const t = accountMessages[locale];
  const [open, setOpen] = useState<{ code: StepUpCode; n: number; resolve: (ok: boolean) => void } | null>(null);
  const [done, setDone] = useState(false);
  const asked = useRef(0);

  const ask = useCallback<AskStepUp>(
    (code) =>
      new Promise<boolean>((resolve) => {
        setDone(false);
        asked.current += 1;
        const n = asked.current;
        setOpen((prev) => {
          prev?.resolve(false);
          return { code, n, resolve };
        });
      }),
    [],
  );

  function finish(ok: boolean) {
    open?.resolve(ok);
    setOpen(null);
    setDone(ok);
  }

  return (
    <StepUpContext.Provider value={ask}>
      <div role="status" aria-live="polite" className={done ? 'alert alert-success' : undefined}>
        {done ? t.stepUpDone(minutes) : ''}
      </div>
      {open && (
        <StepUpPanel
          key={open.n}
          locale={locale}
          code={open.code}
          password={password}
          passkey={passkey}
          onDone={() => finish(true)}
          onCancel={() => finish(false)}
        />
      )}
      {children}
    </StepUpContext.Provider>
  );
}

function StepUpPanel({
  locale,
  code,
  password,
  passkey,
  onDone,
  onCancel,
}: {
  locale: Locale;
  code: StepUpCode;
  password: boolean;
  passkey: boolean;
  onDone: () => void;
  onCancel: () => void;
}) {
  const t = accountMessages[locale];
  const headingId = useId();
  const fieldId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [value, setValue] = useState('');
  const { busy, error, setError, run } = useBusyError(t.failed);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  function message(res: ActionError<SecurityErrorCode, { retryAfterSeconds?: number }>): string {
    switch (res.formError) {
      case 'invalid_password':
        return t.stepUpInvalidPassword;
      case 'invalid_input':
        return res.fieldErrors.password === 'too_long' ? t.stepUpInvalidPassword : t.stepUpPasswordRequired;
      case 'rate_limited':
        return t.stepUpRateLimited(res.retryAfterSeconds ?? 60);
      case 'not_available':
        return t.stepUpUnavailable;
      case 'passkey_failed':
        return t.stepUpPasskeyFailed;
      default:
        return t.failed;
    }
  }

  function withPassword(e: React.FormEvent) {
    e.preventDefault();
    return run(async () => {
      if (!value) {
        setError(t.stepUpPasswordRequired);
        return;
      }
      const res = await stepUpPasswordAction({ password: value });
      if (res.ok) onDone();
      else setError(message(res));
    });
  }

  function withPasskey() {
    return run(async () => {
      if (typeof window.PublicKeyCredential === 'undefined') {
        setError(t.unsupported);
        return;
      }
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const opts = await stepUpPasskeyOptionsAction();
      if (!opts.ok) {
        setError(message(opts));
        return;
      }
      let response;
      try {
        response = await startAuthentication({ optionsJSON: opts.data.options });
      } catch {
        setError(t.stepUpPasskeyFailed);
        return;
      }
      const res = await stepUpPasskeyFinishAction({
        challengeId: opts.data.challengeId,
        response: JSON.stringify(response),
      });
      if (res.ok) onDone();
      else setError(message(res));
    });
  }

  return (
    <section className={`alert alert-warn ${styles.confirm}`} aria-labelledby={headingId} data-testid="step-up">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {t.stepUpTitle}
      </h3>
      <p>{code === 'step_up_expired' ? t.stepUpExpired : t.stepUpRequired}</p>
      {password && (
        <form onSubmit={withPassword} className="field" noValidate>
          <label htmlFor={fieldId}>{t.stepUpPasswordLabel}</label>
          <input
            id={fieldId}
            name="password"
            type="password"
            autoComplete="current-password"
            value={value}
            maxLength={128}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={`${fieldId}-error`}
          />
          <div className="actions actions-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t.stepUpPasswordGo}
            </button>
          </div>
        </form>
      )}
      <div id={`${fieldId}-error`} className="field-error" aria-live="polite">
        {error}
      </div>
      <div className="actions actions-row">
        {passkey && (
          <button
            type="button"
            className={password ? 'btn btn-secondary' : 'btn btn-primary'}
            disabled={busy}
            onClick={withPasskey}
          >
            {t.stepUpPasskeyGo}
          </button>
        )}
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={onCancel}>
          {t.stepUpCancel}
        </button>
      </div>
    </section>
  );
}
