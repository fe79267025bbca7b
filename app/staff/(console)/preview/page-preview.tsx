'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { PasswordKindField } from '@/app/recovery/_components/password-field';
import pw from '@/app/recovery/_components/password.module.css';
import { recoveryPasswordMessages } from '@/lib/i18n/messages/recovery-password';
import type { Locale } from '@/lib/i18n/types';
import {
  loginIdReminderSchema,
  resumeSchema,
  type LoginIdReminderInput,
  type ResumeInput,
} from '@/lib/recovery/schemas';
import type { PagePreview as Page } from '@/lib/staff/preview';

/*
 * The password kind's pages outside the flow (/recovery/login-id and its answer, /recovery/resume) in preview.
 * Their forms post to server actions from the first paint and have no preview mode, so rendering them here
 * could send a request before hydration. These mirror their markup with the same fields, words, schema and
 * styles (app/recovery/login-id/login-id-form.tsx, app/recovery/resume/resume-form.tsx), with no action at
 * all: a submit validates in the browser and sends nothing. Autofill is off, so a staff browser never fills in
 * its own details.
 */

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="card">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

function LoginIdFormPreview({ locale, onSubmit }: { locale: Locale; onSubmit: () => void }) {
  const t = recoveryPasswordMessages[locale];
  const form = useForm<LoginIdReminderInput>({
    resolver: zodResolver(loginIdReminderSchema),
    defaultValues: { birthDate: '', branchCode: '', accountNumber: '', email: '' },
  });
  const { errors } = form.formState;
  const submit = (e: FormEvent<HTMLFormElement>) => void form.handleSubmit(onSubmit, onSubmit)(e);
  return (
    <Card title={t.loginId.title}>
      <p>{t.loginId.lead}</p>
      <form onSubmit={submit} noValidate>
        <PasswordKindField
          name="birthDate"
          locale={locale}
          registration={form.register('birthDate')}
          error={errors.birthDate?.message}
          hint={t.loginId.birthDateHint}
          inputMode="numeric"
          autoComplete="off"
          maxLength={16}
        />
        <PasswordKindField
          name="branchCode"
          locale={locale}
          registration={form.register('branchCode')}
          error={errors.branchCode?.message}
          hint={t.loginId.branchCodeHint}
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
        />
        <PasswordKindField
          name="accountNumber"
          locale={locale}
          registration={form.register('accountNumber')}
          error={errors.accountNumber?.message}
          hint={t.loginId.accountNumberHint}
          inputMode="numeric"
          autoComplete="off"
          maxLength={12}
        />
        <PasswordKindField
          name="email"
          locale={locale}
          registration={form.register('email')}
          error={errors.email?.message}
          hint={t.loginId.emailHint}
          type="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block">
            {t.loginId.submit}
          </button>
        </div>
      </form>
      <p className="small muted">{t.loginId.forgotPassword}</p>
    </Card>
  );
}

/** The one answer every request gets, matched or not (docs/design.md#forgotten-login-id). */
function LoginIdAnswerPreview({ locale }: { locale: Locale }) {
  const t = recoveryPasswordMessages[locale];
  return (
    <Card title={t.loginId.title}>
      <div className={pw.answer} data-testid="login-id-answer">
        <p className="alert alert-success">{t.loginId.answer}</p>
        <p>{t.loginId.answerNote}</p>
        <ul className={pw.links}>
          <li>
            <a href="/login">{t.loginId.toLogin}</a>
          </li>
          <li>
            <a href="/recovery/password">{t.links.forgotPassword}</a>
          </li>
        </ul>
      </div>
    </Card>
  );
}

function ResumePreview({ locale, onSubmit }: { locale: Locale; onSubmit: () => void }) {
  const t = recoveryPasswordMessages[locale].resume;
  const form = useForm<ResumeInput>({
    resolver: zodResolver(resumeSchema),
    defaultValues: { loginId: '', referenceNumber: '' },
  });
  const { errors } = form.formState;
  const submit = (e: FormEvent<HTMLFormElement>) => void form.handleSubmit(onSubmit, onSubmit)(e);
  return (
    <Card title={t.title}>
      <p>{t.lead}</p>
      <form onSubmit={submit} noValidate>
        <PasswordKindField
          name="loginId"
          locale={locale}
          registration={form.register('loginId')}
          error={errors.loginId?.message}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
        />
        <PasswordKindField
          name="referenceNumber"
          locale={locale}
          registration={form.register('referenceNumber')}
          error={errors.referenceNumber?.message}
          hint={t.referenceHint}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={32}
        />
        <div className="actions">
          <button type="submit" className="btn btn-primary btn-block">
            {t.submit}
          </button>
        </div>
      </form>
      <p className="small">
        <a href="/recovery/password">{t.startOver}</a>
      </p>
      <p className="small">
        <a href="/recovery/not-me">{recoveryPasswordMessages[locale].waiting.notMeLink}</a>
      </p>
    </Card>
  );
}

/** One of the pages above, marked as a preview: whatever is typed, nothing is sent. */
export function PagePreviewFrame({
  page,
  locale,
  submittedText,
}: {
  page: Page['id'];
  locale: Locale;
  submittedText: string;
}) {
  const [submits, setSubmits] = useState(0);
  const onSubmit = () => setSubmits((n) => n + 1);
  return (
    <div lang={locale} data-testid="preview-frame" data-mode="preview" data-page={page}>
      {page === 'login-id' && <LoginIdFormPreview locale={locale} onSubmit={onSubmit} />}
      {page === 'login-id-answer' && <LoginIdAnswerPreview locale={locale} />}
      {page === 'resume' && <ResumePreview locale={locale} onSubmit={onSubmit} />}
      <p className="visually-hidden" role="status">
        {submits > 0 ? submittedText : ''}
      </p>
    </div>
  );
}
