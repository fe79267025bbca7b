'use client';

import { recoveryReview } from '@/lib/i18n/messages/recovery-review';
import { completeSchema } from '@/lib/recovery/schemas';
import { completeRecoveryAction } from '../actions';
import { formatDate } from './format';
import { fieldErrorText } from './messages';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';
import { StepSubmit } from './step-submit';

type ReviewForm = { confirm: boolean };

/** Step 5: the passkeys that will be revoked, what stays as it is, the consent checkbox, 「パスキーを削除する」. */
export function ReviewStep(props: StepProps<'review'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryReview[locale];
  const f = useStepForm<ReviewForm>('review', props, completeRecoveryAction, {
    schema: completeSchema,
    defaultValues: { confirm: false },
  });
  const error = f.fieldError('confirm');
  return (
    <StepFrame
      step="review"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead}
      expiresAt={view.expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert error={f.formError} n={f.formErrorKey} locale={locale} />
      <h2 className="visually-hidden">{t.caption}</h2>
      {view.passkeys.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className={styles.passkeys} data-testid="review-passkeys">
          {view.passkeys.map((p, i) => (
            <li key={`${p.nickname}-${i}`} className={styles.passkey}>
              <p className={styles.passkeyName}>{p.nickname}</p>
              <dl>
                <dt>{t.authenticator}</dt>
                <dd>{p.authenticator}</dd>
                <dt>{t.created}</dt>
                <dd>
                  <time dateTime={p.createdAt}>{formatDate(p.createdAt, locale)}</time>
                </dd>
                <dt>{t.lastUsed}</dt>
                <dd>
                  {p.lastUsedAt ? <time dateTime={p.lastUsedAt}>{formatDate(p.lastUsedAt, locale)}</time> : t.neverUsed}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <p className={styles.reassure} data-testid="review-safe">
        {t.safe}
      </p>
      <h2>{t.afterTitle}</h2>
      <ul className={styles.list}>
        {t.after.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
      <form {...f.formProps}>
        <div className={styles.consent}>
          <div className="check">
            <input
              id="recovery-confirm"
              type="checkbox"
              aria-invalid={error ? true : undefined}
              aria-describedby="recovery-confirm-error"
              {...f.form.register('confirm')}
            />
            <label htmlFor="recovery-confirm">{t.consent}</label>
          </div>
          <div id="recovery-confirm-error" className="field-error" aria-live="polite">
            {fieldErrorText(locale, 'code', error ? 'confirm_required' : undefined)}
          </div>
        </div>
        <StepSubmit locale={locale} pending={f.pending} label={t.submit} pendingLabel={t.submitting} />
      </form>
      <PreviewNote locale={locale} shown={f.previewed} />
    </StepFrame>
  );
}
