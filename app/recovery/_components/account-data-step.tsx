'use client';

import { useWatch } from 'react-hook-form';
import { recoveryAccountData } from '@/lib/i18n/messages/recovery-account-data';
import { eraYear, parseBirthDate } from '@/lib/recovery/normalize';
import { accountDataForm, type AccountDataInput } from '@/lib/recovery/form-schemas';
import { accountDataAction } from '../actions';
import { FormStep } from './form-step';
import styles from './recovery.module.css';
import { TextField } from './text-field';
import type { StepProps } from './types';
import { useStepForm } from './use-step-form';

/**
 * Step 3: 「生年月日」(西暦 or 和暦, read back as both) 「部店コード」(3 digits) 「口座番号」(7 digits), with where the
 * customer finds them on paper — they cannot open the app.
 */
export function AccountDataStep(props: StepProps<'account_data'>) {
  const { locale } = props;
  const t = recoveryAccountData[locale];
  const f = useStepForm<AccountDataInput>('account_data', props, accountDataAction, {
    schema: accountDataForm,
    defaultValues: { birthDate: '', branchCode: '', accountNumber: '' },
  });
  const typed = useWatch({ control: f.form.control, name: 'birthDate' });
  const read = typed ? parseBirthDate(String(typed)) : null;
  const era = read ? eraYear(read, locale) : null;
  const digitsInput = { locale, inputMode: 'numeric', autoComplete: 'off', inputClassName: styles.short } as const;
  return (
    <FormStep
      step="account_data"
      props={props}
      form={f}
      title={t.title}
      lead={t.lead}
      before={<p data-testid="account-data-safety">{t.safety}</p>}
    >
      <TextField
        {...f.field('birthDate')}
        locale={locale}
        hint={t.birthDateHint}
        autoComplete="bday"
        maxLength={20}
        inputClassName={styles.short}
      >
        {read && era && (
          <p className={styles.readBack} data-testid="birth-date-read" aria-live="polite">
            {t.birthDateRead(read.slice(0, 4), era, Number(read.slice(5, 7)), Number(read.slice(8, 10)))}
          </p>
        )}
      </TextField>
      <TextField {...f.field('branchCode')} {...digitsInput} hint={t.branchCodeHint} maxLength={5} />
      <TextField {...f.field('accountNumber')} {...digitsInput} hint={t.accountNumberHint} maxLength={10} />
    </FormStep>
  );
}
