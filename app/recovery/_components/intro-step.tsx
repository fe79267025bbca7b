'use client';

import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { startRecoveryAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';

/** Step 0: why this happens, what will change, what to have ready; 「本人確認をはじめる」 starts a flow. */
export function IntroStep(props: StepProps<'intro'>) {
  const { locale, mode = 'live' } = props;
  const t = recoveryMessages[locale].intro;
  const action = useStepAction('intro', props);
  return (
    <StepFrame step="intro" locale={locale} mode={mode} title={t.title} lead={t.lead}>
      <div className={styles.intro}>
        <section aria-labelledby="intro-why">
          <h2 id="intro-why">{t.whyTitle}</h2>
          <p>{t.why}</p>
        </section>
        <section aria-labelledby="intro-changes">
          <h2 id="intro-changes">{t.changesTitle}</h2>
          <ul className={styles.list}>{t.changes.map((c) => <li key={c}>{c}</li>)}</ul>
          <p className="muted">{t.unchanged}</p>
        </section>
        <section aria-labelledby="intro-prepare">
          <h2 id="intro-prepare">{t.prepareTitle}</h2>
          <ul className={styles.list}>{t.prepare.map((c) => <li key={c}>{c}</li>)}</ul>
          <p className="muted">{t.time}</p>
        </section>
      </div>
      <FormAlert error={action.formError} n={action.formErrorKey} locale={locale} />
      <div className="actions">
        <button type="button" className="btn btn-primary btn-block" aria-disabled={action.pending || undefined}
          onClick={() => action.submit(() => startRecoveryAction(), {})}>
          {action.pending ? recoveryMessages[locale].working : t.start}
        </button>
      </div>
      <PreviewNote locale={locale} shown={action.previewed} />
    </StepFrame>
  );
}
