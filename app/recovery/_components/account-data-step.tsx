'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { recoveryMessages } from '@/lib/i18n/messages/recovery';
import { accountDataSchema, type AccountDataInput } from '@/lib/recovery/schemas';
import { accountDataAction } from '../actions';
import { FormAlert, PreviewNote, StepFrame } from './step-frame';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepAction } from './use-step-action';
import { StepSubmit, fieldErrorsInto } from './step-submit';

/** Step 3: 「生年月日」「部店コード」(3 digits)「口座番号」(7 digits). */
export function AccountDataStep(props: StepProps<'account_data'>) {
  const { locale, view, mode = 'live' } = props;
  const t = recoveryMessages[locale];
  const action = useStepAction('account_data', props);
  const form = useForm<AccountDataInput>({
    resolver: zodResolver(accountDataSchema),
    defaultValues: { birthDate: '', branchCode: '', accountNumber: '' },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => action.submit(() => accountDataAction(values), {}, {
    onFieldErrors: fieldErrorsInto(form),
    onOk: () => form.reset(),
  }));
  return (
    <StepFrame step="account_data" locale={locale} mode={mode} title={t.accountData.title} lead={t.accountData.lead}
      expiresAt={view.expiresAt} cancellable onView={props.onView}>
      <FormAlert error={action.formError} n={action.formErrorKey} locale={locale} />
      <form onSubmit={onSubmit} noValidate>
        <TextField name="birthDate" locale={locale} registration={form.register('birthDate')} error={errors.birthDate?.message}
          hint={t.accountData.birthDateHint} inputMode="numeric" autoComplete="bday" maxLength={12} inputClassName={styles.short} />
        <TextField name="branchCode" locale={locale} registration={form.register('branchCode')} error={errors.branchCode?.message}
          hint={t.accountData.branchCodeHint} inputMode="numeric" autoComplete="off" maxLength={5} inputClassName={styles.short} />
        <TextField name="accountNumber" locale={locale} registration={form.register('accountNumber')} error={errors.accountNumber?.message}
          hint={t.accountData.accountNumberHint} inputMode="numeric" autoComplete="off" maxLength={10} inputClassName={styles.short} />
        <StepSubmit locale={locale} pending={action.pending} />
      </form>
      <PreviewNote locale={locale} shown={action.previewed} />
    </StepFrame>
  );
}
