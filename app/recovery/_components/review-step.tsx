'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { completeSchema } from '@/lib/recovery/schemas';
import { completeRecoveryAction } from '../actions';
import { formatDate } from './format';
import { fieldErrorText } from './messages';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';
import { StepSubmit, fieldErrorsInto } from './step-submit';

type ReviewForm = { confirm: boolean };

/** Step 5: the passkeys that will be revoked, the consent checkbox, 「パスキーを削除する」. */
export function ReviewStep(props: StepProps<'review'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale];
  const action = useStepAction('review', props);
  const form = useForm<ReviewForm, unknown, { confirm: true }>({
    resolver: zodResolver(completeSchema) as never,
    defaultValues: { confirm: false },
  });
  const error = form.formState.errors.confirm?.message;
  const onSubmit = form.handleSubmit((values) => action.submit(() => completeRecoveryAction(values), { confirm: values.confirm }, {
    onFieldErrors: fieldErrorsInto(form),
  }));
  return (
    <StepFrame step="review" locale={locale} mode={mode} title={t.review.title} lead={t.review.lead}
      expiresAt={view.expiresAt} cancellable onView={props.onView}>
      <FormAlert error={action.formError} n={action.formErrorKey} locale={locale} />
      <h2 className="visually-hidden">{t.review.caption}</h2>
      {view.passkeys.length === 0 ? <p>{t.review.none}</p> : (
        <ul className={styles.passkeys} data-testid="review-passkeys">
          {view.passkeys.map((p, i) => (
            <li key={`${p.nickname}-${i}`} className={styles.passkey}>
              <p className={styles.passkeyName}>{p.nickname}</p>
              <dl>
                <dt>{t.review.authenticator}</dt><dd>{p.authenticator}</dd>
                <dt>{t.review.created}</dt><dd><time dateTime={p.createdAt}>{formatDate(p.createdAt, locale)}</time></dd>
                <dt>{t.review.lastUsed}</dt>
                <dd>{p.lastUsedAt ? <time dateTime={p.lastUsedAt}>{formatDate(p.lastUsedAt, locale)}</time> : t.review.neverUsed}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.review.afterTitle}</h2>
      <ul className={styles.list}>{t.review.after.map((a) => <li key={a}>{a}</li>)}</ul>
      <form onSubmit={onSubmit} noValidate>
        <div className={styles.consent}>
          <div className="check">
            <input id="recovery-confirm" type="checkbox" aria-invalid={error ? true : undefined} aria-describedby="recovery-confirm-error"
              {...form.register('confirm')} />
            <label htmlFor="recovery-confirm">{t.review.consent}</label>
          </div>
          <div id="recovery-confirm-error" className="field-error" aria-live="polite">{fieldErrorText(locale, 'code', error ? 'confirm_required' : undefined)}</div>
        </div>
        <StepSubmit locale={locale} pending={action.pending} label={t.review.submit} pendingLabel={t.review.submitting} />
      </form>
      <PreviewNote locale={locale} shown={action.previewed} />
    </StepFrame>
  );
}
