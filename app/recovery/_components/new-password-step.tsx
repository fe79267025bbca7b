'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import { newPasswordForm, type NewPasswordInput } from '@/lib/recovery/form-schemas';
import type { WeakPasswordReason } from '@/lib/recovery/types';
import { newPasswordAction } from '../password/actions';
import { PasswordKindField } from './password-field';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './password.module.css';
import common from './recovery.module.css';
import { StepSubmit } from './step-submit';
import type { StepProps } from './types';
import { useFormStep } from './use-form-step';

/**
 * The strength meter's library (zxcvbn-ts and its dictionaries) is large: lib/auth/password-strength is
 * fetched only when the customer starts typing here, so it never weighs on the first load of /recovery.
 * It only advises; the server decides.
 */
function useStrength(password: string): number | null {
  const [result, setResult] = useState<{ for: string; score: number } | null>(null);
  useEffect(() => {
    if (!password) return;
    let live = true;
    import('@/lib/auth/password-strength')
      .then((m) => m.estimateStrength(password, []))
      .then(
        (r) => {
          if (live) setResult({ for: password, score: r.score });
        },
        () => {
          /* no meter; the server still decides */
        },
      );
    return () => {
      live = false;
    };
  }, [password]);
  return password && result?.for === password ? result.score : null;
}

function StrengthMeter({ score, locale }: { score: number | null; locale: Locale }) {
  const t = recoveryPasswordMessages[locale].newPassword;
  if (score === null) return null;
  return (
    <div className={styles.strength} data-testid="password-strength" data-score={score}>
      <meter
        id="recovery-strength"
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={score}
        aria-labelledby="recovery-strength-label"
      />
      <span id="recovery-strength-label" className="small">
        {t.strengthLabel}：{t.strength[score]}
      </span>
    </div>
  );
}

function Reasons({ reasons, locale }: { reasons: WeakPasswordReason[]; locale: Locale }) {
  const t = recoveryPasswordMessages[locale].newPassword.reasons;
  if (!reasons.length) return null;
  return (
    <ul className={styles.reasons} data-testid="weak-password-reasons">
      {reasons.map((r) => (
        <li key={r} data-reason={r}>
          {t[r]}
        </li>
      ))}
    </ul>
  );
}

/** Password kind: 「新しいパスワード」 twice, the rules before typing, a live meter, 「パスワードを表示」. */
export function NewPasswordStep(props: StepProps<'new_password'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryPasswordMessages[locale].newPassword;
  const step = useFormStep('new_password', newPasswordAction, props);
  const form = useForm<NewPasswordInput>({
    resolver: zodResolver(newPasswordForm),
    defaultValues: { password: '', confirmPassword: '' },
  });
  const { errors } = form.formState;
  const [show, setShow] = useState(false);
  const password = useWatch({ control: form.control, name: 'password' });
  const score = useStrength(password ?? '');
  const weak = step.formError?.code === 'weak_password' ? step.formError.reasons : [];
  const mismatch = weak.includes('mismatch');
  const passwordReasons = weak.filter((r) => r !== 'mismatch');
  return (
    <StepFrame
      step="new_password"
      locale={locale}
      mode={mode}
      title={t.title}
      lead={t.lead}
      expiresAt={view.expiresAt}
      cancellable
      onView={props.onView}
    >
      <FormAlert
        error={step.formError?.code === 'weak_password' ? null : step.formError}
        n={step.formErrorKey}
        locale={locale}
      />
      {weak.length > 0 && (
        <p
          key={step.formErrorKey}
          className="alert alert-error"
          role="alert"
          data-testid="recovery-error"
          data-code="weak_password"
        >
          {t.refused}
        </p>
      )}
      <section aria-labelledby="new-password-rules" className={styles.rules}>
        <h2 id="new-password-rules">{t.rulesTitle}</h2>
        <ul id="recovery-password-rules">
          {t.rules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      </section>
      <form action={step.live ? step.formAction : undefined} onSubmit={step.enhance(form)} noValidate>
        <PasswordKindField
          name="password"
          locale={locale}
          registration={form.register('password')}
          error={errors.password?.message ?? step.fieldErrors.password}
          errorContent={
            !errors.password && passwordReasons.length ? (
              <Reasons reasons={passwordReasons} locale={locale} />
            ) : undefined
          }
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={1024}
          after={<StrengthMeter score={score} locale={locale} />}
        />
        <PasswordKindField
          name="confirmPassword"
          locale={locale}
          registration={form.register('confirmPassword')}
          error={errors.confirmPassword?.message ?? step.fieldErrors.confirmPassword}
          errorContent={
            !errors.confirmPassword && mismatch ? <Reasons reasons={['mismatch']} locale={locale} /> : undefined
          }
          type={show ? 'text' : 'password'}
          autoComplete="new-password"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={1024}
        />
        <div className={`check ${common.scriptOnly}`}>
          <input
            id="recovery-show-password"
            type="checkbox"
            checked={show}
            onChange={(e) => setShow(e.target.checked)}
          />
          <label htmlFor="recovery-show-password">{t.show}</label>
        </div>
        {score !== null && <p className="small muted">{t.strengthNote}</p>}
        <StepSubmit locale={locale} pending={step.pending} label={t.submit} />
      </form>
      <PreviewNote locale={locale} shown={step.previewed} />
    </StepFrame>
  );
}
