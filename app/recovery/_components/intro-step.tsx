'use client';

import { recoveryIntro } from '@/lib/i18n/messages/recovery-intro';
import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { startRecoveryAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepSubmit } from './use-step-submit';

/**
 * Step 0: reassurance first, then why this happens, what will change, what to have ready; 「本人確認をはじめる」 is a
 * form, so it starts a flow with or without JavaScript.
 */
export function IntroStep(props: StepProps<'intro'>) {
  const { locale, mode = 'live', flowMinutes = 15 } = props;
  const t = recoveryIntro[locale];
  const f = useStepSubmit('intro', props, startRecoveryAction);
  return (
    <StepFrame step="intro" locale={locale} mode={mode} title={t.title}>
      <section className={styles.reassure} aria-labelledby="intro-reassure" data-testid="intro-reassure">
        <h2 id="intro-reassure">{t.reassureTitle}</h2>
        {t.reassure.map((r) => (
          <p key={r}>{r}</p>
        ))}
      </section>
      <p className={styles.lead}>{t.lead}</p>
      <div className={styles.intro}>
        <section aria-labelledby="intro-why">
          <h2 id="intro-why">{t.whyTitle}</h2>
          <p>{t.why}</p>
        </section>
        <section aria-labelledby="intro-changes">
          <h2 id="intro-changes">{t.changesTitle}</h2>
          <ul className={styles.list}>
            {t.changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <p>{t.unchanged}</p>
          <p>{t.again}</p>
        </section>
        <section aria-labelledby="intro-prepare">
          <h2 id="intro-prepare">{t.prepareTitle}</h2>
          <ul className={styles.list}>
            {t.prepare.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <ul className={styles.list}>
            <li>
              <a href="/recovery/password">{t.forgotPassword}</a>
            </li>
            <li>
              <a href="/recovery/login-id">{t.forgotLoginId}</a>
            </li>
          </ul>
          <p>{t.time(flowMinutes)}</p>
        </section>
      </div>
      <FormAlert error={f.formError} n={f.formErrorKey} locale={locale} />
      <form {...f.formProps} className="actions">
        <button type="submit" className="btn btn-primary btn-block" aria-disabled={f.pending || undefined}>
          {f.pending ? recoveryCommon[locale].working : t.start}
        </button>
      </form>
      <PreviewNote locale={locale} shown={f.previewed} />
    </StepFrame>
  );
}
