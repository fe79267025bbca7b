'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import { startPasswordRecoveryAction } from '../password/actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useFormStep } from './use-form-step';

/** PASSWORD_RESET_WAIT_SECONDS, from the page (the intro says how long the wait is). */
const WaitSecondsContext = createContext(86_400);

export function PasswordWaitProvider({ seconds, children }: { seconds: number; children: ReactNode }) {
  return <WaitSecondsContext.Provider value={seconds}>{children}</WaitSecondsContext.Provider>;
}

/** How long the cooling-off wait is, in words (「24時間」「1分」). */
export function formatWaitDuration(seconds: number, locale: Locale): string {
  const ja = locale === 'ja';
  if (seconds % 3600 === 0) {
    const h = seconds / 3600;
    return ja ? `${h}時間` : `${h} hour${h === 1 ? '' : 's'}`;
  }
  if (seconds % 60 === 0) {
    const m = seconds / 60;
    return ja ? `${m}分` : `${m} minute${m === 1 ? '' : 's'}`;
  }
  return ja ? `${seconds}秒` : `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Step 0 of the password kind: what to have ready, the cooling-off wait and why, what changes;
 * 「本人確認をはじめる」 posts to the server action (no JavaScript needed).
 */
export function PasswordIntroStep(props: StepProps<'intro'>) {
  const { locale, mode = 'live' } = props;
  const waitSeconds = useContext(WaitSecondsContext);
  const t = recoveryPasswordMessages[locale].intro;
  const form = useFormStep('intro', startPasswordRecoveryAction, props);
  return (
    <StepFrame step="intro" locale={locale} mode={mode} title={t.title} lead={t.lead}>
      <div className={styles.intro}>
        <section aria-labelledby="pw-intro-prepare">
          <h2 id="pw-intro-prepare">{t.prepareTitle}</h2>
          <ul className={styles.list}>
            {t.prepare.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p className="muted">
            {t.loginIdForgot} <a href="/recovery/login-id">{recoveryPasswordMessages[locale].links.forgotLoginId}</a>
          </p>
        </section>
        <section aria-labelledby="pw-intro-wait">
          <h2 id="pw-intro-wait">{t.waitTitle}</h2>
          <p>{t.wait(formatWaitDuration(waitSeconds, locale))}</p>
          <p>{t.whyWait}</p>
          <p>
            {t.resumeHave} <a href="/recovery/resume">{t.resumeLink}</a>
          </p>
        </section>
        <section aria-labelledby="pw-intro-changes">
          <h2 id="pw-intro-changes">{t.changesTitle}</h2>
          <ul className={styles.list}>
            {t.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p className="muted">{t.unchanged}</p>
        </section>
      </div>
      <FormAlert error={form.formError} n={form.formErrorKey} locale={locale} />
      <form action={form.live ? form.formAction : undefined} onSubmit={form.enhance()}>
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block" aria-disabled={form.pending || undefined}>
            {form.pending ? recoveryCommon[locale].working : t.start}
          </button>
        </div>
      </form>
      <PreviewNote locale={locale} shown={form.previewed} />
    </StepFrame>
  );
}
