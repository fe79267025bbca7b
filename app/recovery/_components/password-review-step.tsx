'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import { completeSchema } from '@/lib/recovery/schemas';
import { completePasswordRecoveryAction } from '../password/actions';
import { formatDate } from './format';
import { fieldErrorText } from './messages';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { StepSubmit } from './step-submit';
import type { StepProps } from './types';
import { useFormStep } from './use-form-step';

type ReviewForm = { confirm: boolean };

/** Password kind, the review: the new password replaces the old one, these passkeys go; consent; 「パスワードを変更する」. */
export function PasswordReviewStep(props: StepProps<'review'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryPasswordMessages[locale].review;
  const r = recoveryMessages[locale].review;
  const step = useFormStep('review', completePasswordRecoveryAction, props);
  const form = useForm<ReviewForm, unknown, { confirm: true }>({
    resolver: zodResolver(completeSchema) as never,
    defaultValues: { confirm: false },
  });
  const error = form.formState.errors.confirm?.message ?? step.fieldErrors.confirm;
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
      <FormAlert error={step.formError} n={step.formErrorKey} locale={locale} />
      <h2>{t.passwordTitle}</h2>
      <p>{t.password}</p>
      <h2>{t.passkeysTitle}</h2>
      {view.passkeys.length === 0 ? (
        <p>{t.noPasskeys}</p>
      ) : (
        <ul className={styles.passkeys} data-testid="review-passkeys">
          {view.passkeys.map((p, i) => (
            <li key={`${p.nickname}-${i}`} className={styles.passkey}>
              <p className={styles.passkeyName}>{p.nickname}</p>
              <dl>
                <dt>{r.authenticator}</dt>
                <dd>{p.authenticator}</dd>
                <dt>{r.created}</dt>
                <dd>
                  <time dateTime={p.createdAt}>{formatDate(p.createdAt, locale)}</time>
                </dd>
                <dt>{r.lastUsed}</dt>
                <dd>
                  {p.lastUsedAt ? <time dateTime={p.lastUsedAt}>{formatDate(p.lastUsedAt, locale)}</time> : r.neverUsed}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <h2>{t.afterTitle}</h2>
      <ul className={styles.list}>
        {t.after.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
      <form action={step.live ? step.formAction : undefined} onSubmit={step.enhance(form)} noValidate>
        <div className={styles.consent}>
          <div className="check">
            <input
              id="recovery-confirm"
              type="checkbox"
              aria-invalid={error ? true : undefined}
              aria-describedby="recovery-confirm-error"
              {...form.register('confirm')}
            />
            <label htmlFor="recovery-confirm">{t.consent}</label>
          </div>
          <div id="recovery-confirm-error" className="field-error" aria-live="polite">
            {fieldErrorText(locale, 'code', error ? 'confirm_required' : undefined)}
          </div>
        </div>
        <StepSubmit locale={locale} pending={step.pending} label={t.submit} pendingLabel={t.submitting} />
      </form>
      <PreviewNote locale={locale} shown={step.previewed} />
    </StepFrame>
  );
}
