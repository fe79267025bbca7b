'use client';

import { StepFrame } from './step-frame';
import type { StepProps } from './types';

/*
 * Placeholders for the password kind's own screens (docs/design.md#forgotten-password) so every step
 * has a component; the pages helper replaces them with the real forms.
 */

export function CredentialsPinStep({ locale, mode = 'live' }: StepProps<'credentials_pin'>) {
  return <StepFrame step="credentials_pin" locale={locale} mode={mode} title={locale === 'ja' ? 'ログインID・取引暗証番号' : 'Login ID and trading PIN'}>{null}</StepFrame>;
}

export function WaitingStep({ locale, view, mode = 'live' }: StepProps<'waiting'>) {
  return (
    <StepFrame step="waiting" locale={locale} mode={mode} title={locale === 'ja' ? 'お手続きの受付' : 'Request received'}>
      <p>{view.referenceNumber}</p>
    </StepFrame>
  );
}

export function NewPasswordStep({ locale, mode = 'live' }: StepProps<'new_password'>) {
  return <StepFrame step="new_password" locale={locale} mode={mode} title={locale === 'ja' ? '新しいパスワード' : 'New password'}>{null}</StepFrame>;
}
