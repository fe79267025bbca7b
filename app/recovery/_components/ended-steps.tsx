'use client';

import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { restartRecoveryAction } from '../actions';
import { PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';

type Ended = 'expired' | 'locked' | 'cancelled';

function Restart({ step, props, primary }: { step: Ended; props: Pick<StepProps<Ended>, 'locale' | 'mode' | 'onView' | 'onPreviewSubmit'>; primary: boolean }) {
  const action = useStepAction(step, props);
  const t = recoveryMessages[props.locale];
  return (
    <>
      <div className="actions">
        <button type="button" className={`btn ${primary ? 'btn-primary' : 'btn-secondary'} btn-block`} disabled={action.pending}
          onClick={() => action.submit(() => restartRecoveryAction(), {})}>
          {t.restart}
        </button>
      </div>
      <PreviewNote locale={props.locale} shown={action.previewed} />
    </>
  );
}

/** The flow outlived its 15 minutes: nothing changed, start again. */
export function ExpiredStep(props: StepProps<'expired'>) {
  const { locale, mode = 'live' } = props;
  const t = recoveryMessages[locale].expired;
  return (
    <StepFrame step="expired" locale={locale} mode={mode} title={t.title}>
      <p>{t.body}</p>
      <Restart step="expired" props={props} primary />
    </StepFrame>
  );
}

/** Too many failures (flow or account), or the account was locked: the support number, nothing else. */
export function LockedStep(props: StepProps<'locked'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale].locked;
  const tel = view.supportPhone.replace(/[^\d+]/g, '');
  return (
    <StepFrame step="locked" locale={locale} mode={mode} title={t.title}>
      <div className="alert alert-warn" role="status">
        <p style={{ margin: 0 }}>{t.body}</p>
      </div>
      <p>{t.call}</p>
      <p className={styles.phone}><a href={`tel:${tel}`}>{t.phone(view.supportPhone)}</a></p>
      <p className="muted">{t.later}</p>
      <Restart step="locked" props={props} primary={false} />
    </StepFrame>
  );
}

/** The customer stopped: nothing was changed. */
export function CancelledStep(props: StepProps<'cancelled'>) {
  const { locale, mode = 'live' } = props;
  const t = recoveryMessages[locale].cancelled;
  return (
    <StepFrame step="cancelled" locale={locale} mode={mode} title={t.title}>
      <p>{t.body}</p>
      <Restart step="cancelled" props={props} primary />
    </StepFrame>
  );
}
