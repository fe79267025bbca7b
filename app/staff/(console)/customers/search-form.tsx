'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { FORM_FIELD } from '@/lib/forms/action-state';
import { customerSearchSchema } from '@/lib/staff/schemas';
import type { CustomerSummary } from '@/lib/staff/customers';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffCustomersMessages } from '@/lib/i18n/messages/staff-customers';
import type { Locale } from '@/lib/i18n/types';
import { fieldMessage, formMessage } from '../_ui/messages';
import { searchCustomersAction } from './actions';
import styles from '../../staff.module.css';

type In = z.input<typeof customerSearchSchema>;
type Out = z.output<typeof customerSearchSchema>;

/** Lookup by ログインID, or 部店コード + 口座番号 (a POST: account numbers never go into a URL). */
export function CustomerSearchForm({ locale }: { locale: Locale }) {
  const t = { ...staffCommonMessages[locale], ...staffCustomersMessages[locale] };
  const c = t.customers;
  const [results, setResults] = useState<CustomerSummary[] | null>(null);
  const [formError, setFormError] = useState('');
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: zodResolver(customerSearchSchema),
    defaultValues: { loginId: '', branchCode: '', accountNumber: '' },
  });
  useEffect(() => {
    if (results) resultsRef.current?.focus();
  }, [results]);

  const onSubmit = async (values: Out) => {
    setFormError('');
    const res = await searchCustomersAction(values);
    if (res.ok) {
      setResults(res.data);
      return;
    }
    for (const [k, v] of Object.entries(res.fieldErrors)) if (k !== FORM_FIELD) setError(k as keyof In, { message: v });
    setFormError(formMessage(t, res.formError));
    setResults(null);
  };
  const rootError = (errors as Record<string, { message?: string } | undefined>)[FORM_FIELD]?.message;
  const err = (k: keyof In) => fieldMessage(t, errors[k]?.message);

  return (
    <>
      <form onSubmit={handleSubmit(onSubmit)} noValidate className="card" aria-describedby="search-form-error">
        <div id="search-form-error" className="alert alert-error" role="alert" aria-live="assertive">
          {formError || formMessage(t, rootError)}
        </div>
        <div className="field">
          <label htmlFor="loginId">{c.loginId}</label>
          <input
            id="loginId"
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={64}
            aria-invalid={!!errors.loginId}
            aria-describedby="loginId-error"
            {...register('loginId')}
          />
          <div id="loginId-error" className="field-error" aria-live="polite">
            {err('loginId')}
          </div>
        </div>
        <p className="muted small">{c.or}</p>
        <div className={styles.inlineForm}>
          <div className="field">
            <label htmlFor="branchCode">{c.branchCode}</label>
            <span className="hint" id="branchCode-hint">
              {c.branchHint}
            </span>
            <input
              id="branchCode"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={5}
              size={6}
              aria-invalid={!!errors.branchCode}
              aria-describedby="branchCode-hint branchCode-error"
              {...register('branchCode')}
            />
            <div id="branchCode-error" className="field-error" aria-live="polite">
              {err('branchCode')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="accountNumber">{c.accountNumber}</label>
            <span className="hint" id="accountNumber-hint">
              {c.accountHint}
            </span>
            <input
              id="accountNumber"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={10}
              size={12}
              aria-invalid={!!errors.accountNumber}
              aria-describedby="accountNumber-hint accountNumber-error"
              {...register('accountNumber')}
            />
            <div id="accountNumber-error" className="field-error" aria-live="polite">
              {err('accountNumber')}
            </div>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
            {isSubmitting ? c.searching : c.search}
          </button>
        </div>
      </form>

      {results && (
        <section className="card" aria-labelledby="results-title">
          <h2 id="results-title" className={styles.cardTitle} tabIndex={-1} ref={resultsRef}>
            {c.results}
          </h2>
          <p role="status">{results.length === 0 ? c.noResults : c.resultCount(results.length)}</p>
          {results.length > 0 && (
            <div className={styles.tableWrap}>
              <table className="data" data-testid="customer-results">
                <thead>
                  <tr>
                    <th scope="col">{c.name}</th>
                    <th scope="col">{c.loginId}</th>
                    <th scope="col">{c.account}</th>
                    <th scope="col">{c.status}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link href={`/staff/customers/${r.id}`} prefetch={false}>
                          {r.nameKanji}
                        </Link>
                        <br />
                        <span className="small muted">{r.nameKana}</span>
                      </td>
                      <td className={styles.mono}>{r.loginId}</td>
                      <td className={styles.mono}>
                        {r.branchCode} / {r.accountMasked}
                      </td>
                      <td>
                        <span className="badge">{r.passwordLoginEnabled ? c.passwordOn : c.passwordOff}</span>{' '}
                        <span className="badge">{c.passkeys(r.activePasskeys)}</span>{' '}
                        {r.loginLocked && <span className="badge">{c.locked}</span>}{' '}
                        {r.recoveryLocked && <span className="badge">{c.recoveryLocked}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
