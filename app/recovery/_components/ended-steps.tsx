'use client';

import { recoveryCommon } from '@/lib/i18n/messages/recovery-common';
import { recoveryEnded } from '@/lib/i18n/messages/recovery-ended';
import type { Locale } from '@/lib/i18n/types';
import type { SupportContact } from '@/lib/recovery/types';
import { supportHours } from '@/lib/recovery/support-hours';
import { restartRecoveryAction } from '../actions';
import { formatDateTime } from './format';
import { PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepSubmit } from './use-step-submit';

type Ended = 'expired' | 'locked' | 'cancelled';

/** 「最初からやり直す」: a form (works without JavaScript) that forgets the old flow and shows the intro. */
function Restart({
  step,
  props,
  primary,
}: {
  step: Ended;
  props: Pick<StepProps<Ended>, 'locale' | 'mode' | 'onView' | 'onPreviewSubmit'>;
  primary: boolean;
}) {
  const f = useStepSubmit(step, props, restartRecoveryAction);
  return (
    <>
      <form {...f.formProps} className="actions">
        <button
          type="submit"
          className={`btn ${primary ? 'btn-primary' : 'btn-secondary'} btn-block`}
          aria-disabled={f.pending || undefined}
        >
          {recoveryCommon[props.locale].restart}
        </button>
      </form>
      <PreviewNote locale={props.locale} shown={f.previewed} />
    </>
  );
}

/** The flow outlived its lifetime: nothing changed, start again. */
export function ExpiredStep(props: StepProps<'expired'>) {
  const { locale, mode = 'live', flowMinutes = 15 } = props;
  const t = recoveryEnded[locale].expired;
  return (
    <StepFrame step="expired" locale={locale} mode={mode} title={t.title}>
      <p>{t.body(flowMinutes)}</p>
      <Restart step="expired" props={props} primary />
    </StepFrame>
  );
}

const telOf = (phone: string) => phone.replace(/[^\d+]/g, '');

/** The support line: free dial, the number every phone can dial, the hours (weekends included when open). */
function SupportLine({ support, locale }: { support: SupportContact; locale: Locale }) {
  const t = recoveryEnded[locale].locked;
  return (
    <section aria-labelledby="locked-phone" data-testid="support-line">
      <h2 id="locked-phone">{t.phoneTitle}</h2>
      <dl className={styles.phones}>
        <dt>{t.freeDial}</dt>
        <dd className={styles.phone}>
          <a href={`tel:${telOf(support.phone)}`}>{support.phone}</a>
        </dd>
        <dt>{t.direct}</dt>
        <dd className={styles.phone}>
          <a href={`tel:${telOf(support.phoneDirect)}`}>{support.phoneDirect}</a>
        </dd>
      </dl>
      <p>{supportHours(support, locale)}</p>
    </section>
  );
}

/**
 * A stop (docs/design.md#security-rules). `flow`: this flow's failures — start again at once. `account`: the account's
 * failures in 24 h — the time it ends, and no restart before then. `not_me`: by phone only.
 */
export function LockedStep(props: StepProps<'locked'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryEnded[locale].locked;
  const lock = view.lock ?? 'flow';
  const title = lock === 'flow' ? t.flowTitle : lock === 'account' ? t.accountTitle : t.notMeTitle;
  return (
    <StepFrame step="locked" locale={locale} mode={mode} title={title}>
      <div className="alert alert-warn" role="status" data-testid="locked-kind" data-lock={lock}>
        <p style={{ margin: 0 }}>{lock === 'flow' ? t.flowBody : lock === 'account' ? t.accountBody : t.notMeBody}</p>
      </div>
      {lock === 'account' && view.lockedUntil && (
        <p className={styles.until} data-testid="locked-until" data-until={view.lockedUntil}>
          {t.accountUntil(formatDateTime(view.lockedUntil, locale))}
        </p>
      )}
      {lock === 'flow' && (
        <>
          <p>{t.flowAgain}</p>
          <Restart step="locked" props={props} primary />
        </>
      )}
      <p>{t.call}</p>
      {view.support && <SupportLine support={view.support} locale={locale} />}
    </StepFrame>
  );
}

/** The customer stopped: nothing was changed. */
export function CancelledStep(props: StepProps<'cancelled'>) {
  const { locale, mode = 'live' } = props;
  const t = recoveryEnded[locale].cancelled;
  return (
    <StepFrame step="cancelled" locale={locale} mode={mode} title={t.title}>
      <p>{t.body}</p>
      <Restart step="cancelled" props={props} primary />
    </StepFrame>
  );
}
