'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { CHECKLIST_ITEMS, forcedResetRequestSchema } from '@/lib/staff/schemas';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffResetMessages } from '@/lib/i18n/messages/staff-reset';
import type { Locale } from '@/lib/i18n/types';
import { fieldMessage, formMessage } from '../../_ui/messages';
import { useStepUp } from '../../_ui/step-up';
import { approveResetAction, cancelResetAction, rejectResetAction, requestResetAction } from './actions';
import styles from '../../../staff.module.css';

export type PendingRequestProps = {
  id: string;
  requestedById: string;
  requestedByName: string;
  requestedAt: string;
  caseNumber: string;
  reason: string;
  checklist: Record<string, boolean>;
};

type Flash = { kind: 'success' | 'error'; text: string } | null;

/**
 * 「電話本人確認による強制リセット」: the request form (first operator), or the pending request with
 * approve / reject (a different operator or admin) and cancel (the requester). The server decides
 * every one of these again; the buttons shown here are only a convenience.
 */
export function ResetPanel({
  locale,
  customerId,
  pending,
  me,
}: {
  locale: Locale;
  customerId: string;
  pending: PendingRequestProps | null;
  me: { id: string; canAct: boolean };
}) {
  const t = { ...staffCommonMessages[locale], ...staffResetMessages[locale] };
  const [flash, setFlash] = useState<Flash>(null);
  const flashRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (flash) flashRef.current?.focus();
  }, [flash]);
  return (
    <section className="card" aria-labelledby="reset-title" data-testid="forced-reset">
      <h2 id="reset-title" className={styles.cardTitle}>
        {t.reset.title}
      </h2>
      <div
        ref={flashRef}
        tabIndex={-1}
        role="status"
        aria-live="polite"
        className={flash ? `alert alert-${flash.kind}` : undefined}
      >
        {flash?.text}
      </div>
      <p>{t.reset.what}</p>
      <ul className={styles.effects}>
        {t.reset.effects.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
      <p className="alert alert-warn">
        <strong>{t.reset.never}</strong>
        {t.reset.fourEyes}
      </p>
      {pending ? (
        <PendingRequest locale={locale} pending={pending} me={me} onDone={setFlash} />
      ) : me.canAct ? (
        <RequestForm locale={locale} customerId={customerId} onDone={setFlash} />
      ) : (
        <p className="muted">{t.reset.viewerNote}</p>
      )}
    </section>
  );
}

type In = z.input<typeof forcedResetRequestSchema>;
type Out = z.output<typeof forcedResetRequestSchema>;

function RequestForm({
  locale,
  customerId,
  onDone,
}: {
  locale: Locale;
  customerId: string;
  onDone: (f: Flash) => void;
}) {
  const t = { ...staffCommonMessages[locale], ...staffResetMessages[locale] };
  const router = useRouter();
  const [formError, setFormError] = useState('');
  const { run, dialog } = useStepUp(locale);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: zodResolver(forcedResetRequestSchema),
    defaultValues: {
      customerId,
      reason: '',
      caseNumber: '',
      checklist: { name: false, birthDate: false, address: false, registeredPhone: false, recentTrade: false },
    },
  });
  const onSubmit = async (values: Out) => {
    setFormError('');
    const res = await run(() => requestResetAction(values));
    if (res.ok) {
      onDone({ kind: 'success', text: t.reset.requested });
      router.refresh();
      return;
    }
    for (const [k, v] of Object.entries(res.fieldErrors)) if (k in values) setError(k as keyof In, { message: v });
    setFormError(formMessage(t, res.formError));
  };
  const checklistError = fieldMessage(t, (errors.checklist as { message?: string } | undefined)?.message);
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-label={t.reset.title}>
      <div className="alert alert-error" role="alert" aria-live="assertive">
        {formError}
      </div>
      <input type="hidden" {...register('customerId')} />
      <fieldset
        className={styles.checklist}
        aria-describedby="checklist-hint checklist-error"
        aria-invalid={!!checklistError}
      >
        <legend>{t.reset.checklistLegend}</legend>
        <p className="hint small muted" id="checklist-hint">
          {t.reset.checklistHint}
        </p>
        {CHECKLIST_ITEMS.map((item) => (
          <label key={item} className="check">
            <input type="checkbox" {...register(`checklist.${item}`)} />
            <span>{t.reset.items[item]}</span>
          </label>
        ))}
        <div id="checklist-error" className="field-error" aria-live="polite">
          {checklistError}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="caseNumber">{t.reset.caseNumber}</label>
        <span className="hint" id="caseNumber-hint">
          {t.reset.caseHint}
        </span>
        <input
          id="caseNumber"
          type="text"
          autoComplete="off"
          maxLength={40}
          aria-invalid={!!errors.caseNumber}
          aria-describedby="caseNumber-hint caseNumber-error"
          {...register('caseNumber')}
        />
        <div id="caseNumber-error" className="field-error" aria-live="polite">
          {fieldMessage(t, errors.caseNumber?.message)}
        </div>
      </div>
      <div className="field">
        <label htmlFor="reason">{t.reset.reason}</label>
        <span className="hint" id="reason-hint">
          {t.reset.reasonHint}
        </span>
        <textarea
          id="reason"
          maxLength={500}
          aria-invalid={!!errors.reason}
          aria-describedby="reason-hint reason-error"
          {...register('reason')}
        />
        <div id="reason-error" className="field-error" aria-live="polite">
          {fieldMessage(t, errors.reason?.message)}
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
        {isSubmitting ? t.reset.submitting : t.reset.submit}
      </button>
      {dialog}
    </form>
  );
}

function PendingRequest({
  locale,
  pending,
  me,
  onDone,
}: {
  locale: Locale;
  pending: PendingRequestProps;
  me: { id: string; canAct: boolean };
  onDone: (f: Flash) => void;
}) {
  const t = { ...staffCommonMessages[locale], ...staffResetMessages[locale] };
  const router = useRouter();
  const [busy, setBusy] = useState<null | 'approve' | 'reject' | 'cancel'>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const mine = pending.requestedById === me.id;
  const stepUp = useStepUp(locale);

  const run = async (kind: 'approve' | 'reject' | 'cancel') => {
    setBusy(kind);
    setError('');
    const input = { requestId: pending.id, ...(kind !== 'approve' && note.trim() ? { note } : {}) };
    const action = kind === 'approve' ? approveResetAction : kind === 'reject' ? rejectResetAction : cancelResetAction;
    const res = await stepUp.run(() => action(input));
    setBusy(null);
    if (!res.ok) {
      setError(formMessage(t, res.formError));
      return;
    }
    const data = res.data as { referenceNumber?: string };
    onDone({
      kind: 'success',
      text:
        kind === 'approve'
          ? t.reset.executed(data.referenceNumber ?? '')
          : kind === 'reject'
            ? t.reset.rejected
            : t.reset.cancelled,
    });
    router.refresh();
  };

  return (
    <div aria-labelledby="pending-title" role="group" data-testid="pending-request">
      <h3 id="pending-title">{t.reset.pendingTitle}</h3>
      <dl className={`kv ${styles.kv}`}>
        <dt>{t.reset.requestedBy}</dt>
        <dd>{pending.requestedByName}</dd>
        <dt>{t.reset.requestedAt}</dt>
        <dd>{pending.requestedAt}</dd>
        <dt>{t.reset.caseNumber}</dt>
        <dd className={styles.mono}>{pending.caseNumber}</dd>
        <dt>{t.reset.reason}</dt>
        <dd>{pending.reason}</dd>
        <dt>{t.reset.checklistLegend}</dt>
        <dd>
          <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
            {CHECKLIST_ITEMS.map((item) => (
              <li key={item}>
                {t.reset.items[item]}：
                <span className={pending.checklist[item] ? styles.ok : styles.ng}>
                  {pending.checklist[item] ? `✓ ${t.reset.checked}` : `— ${t.reset.unchecked}`}
                </span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <div className="alert alert-error" role="alert" aria-live="assertive">
        {error}
      </div>
      {!me.canAct ? (
        <p className="muted">{t.reset.viewerNote}</p>
      ) : (
        <>
          {mine ? <p className="alert alert-info">{t.reset.ownRequest}</p> : <p>{t.reset.confirmApprove}</p>}
          <div className="field">
            <label htmlFor="decision-note">{t.reset.rejectNote}</label>
            <textarea id="decision-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="actions actions-row">
            {!mine && (
              <button type="button" className="btn btn-danger" disabled={!!busy} onClick={() => run('approve')}>
                {busy === 'approve' ? t.reset.approving : t.reset.approve}
              </button>
            )}
            {!mine && (
              <button type="button" className="btn btn-secondary" disabled={!!busy} onClick={() => run('reject')}>
                {t.reset.reject}
              </button>
            )}
            {mine && (
              <button type="button" className="btn btn-secondary" disabled={!!busy} onClick={() => run('cancel')}>
                {t.reset.cancel}
              </button>
            )}
          </div>
          {stepUp.dialog}
        </>
      )}
    </div>
  );
}
