'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { createStaffSchema, STAFF_ROLES } from '@/lib/staff/schemas';
import { staffCommonMessages } from '@/lib/i18n/messages/staff-common';
import { staffUsersMessages } from '@/lib/i18n/messages/staff-users';
import { staffSecurityMessages } from '@/lib/i18n/messages/staff-security';
import type { Locale } from '@/lib/i18n/types';
import { formatDateTime } from '@/lib/i18n/format';
import { fieldMessage, formMessage } from '../_ui/messages';
import { useStepUp } from '../_ui/step-up';
import { issueEnrollmentCodeAction } from '../security/actions';
import { changeRoleAction, createStaffAction, setDisabledAction } from './actions';
import styles from '../../staff.module.css';

type Role = (typeof STAFF_ROLES)[number];
export type StaffRowProps = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  passkeys: number;
};

export function StaffTable({ locale, rows, meId }: { locale: Locale; rows: StaffRowProps[]; meId: string }) {
  const t = { ...staffCommonMessages[locale], ...staffUsersMessages[locale], ...staffSecurityMessages[locale] };
  const u = t.users;
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [roles, setRoles] = useState<Record<string, Role>>(() => Object.fromEntries(rows.map((r) => [r.id, r.role])));
  const [busy, setBusy] = useState<string | null>(null);
  const [issued, setIssued] = useState<{ name: string; code: string; until: string } | null>(null);
  const stepUp = useStepUp(locale);

  const run = async (id: string, fn: () => ReturnType<typeof changeRoleAction>) => {
    setBusy(id);
    const res = await stepUp.run(fn);
    setBusy(null);
    setMessage(res.ok ? { ok: true, text: u.updated } : { ok: false, text: formMessage(t, res.formError) });
    if (res.ok) router.refresh();
  };

  const issue = async (id: string) => {
    setBusy(id);
    setIssued(null);
    const res = await stepUp.run(() => issueEnrollmentCodeAction({ staffId: id }));
    setBusy(null);
    if (!res.ok) {
      setMessage({ ok: false, text: formMessage(t, res.formError) });
      return;
    }
    setMessage(null);
    setIssued({
      name: res.data.staffName,
      code: res.data.code,
      until: formatDateTime(new Date(res.data.expiresAt), locale),
    });
  };

  return (
    <>
      <div
        role="status"
        aria-live="polite"
        className={message ? `alert ${message.ok ? 'alert-success' : 'alert-error'}` : undefined}
      >
        {message?.text}
      </div>
      {issued && (
        <div className="alert alert-warn" role="alert" data-testid="enrollment-code">
          <p>{t.security.issued(issued.name, issued.until)}</p>
          <p className={styles.mono} style={{ fontSize: '1.3em', margin: 0 }}>
            <strong>{issued.code}</strong>
          </p>
        </div>
      )}
      {stepUp.dialog}
      <div className={styles.tableWrap}>
        <table className="data" data-testid="staff-users">
          <thead>
            <tr>
              <th scope="col">{u.name}</th>
              <th scope="col">{u.email}</th>
              <th scope="col">{u.role}</th>
              <th scope="col">{u.status}</th>
              <th scope="col">{t.security.passkeys}</th>
              <th scope="col">
                <span className="visually-hidden">{u.disable}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const me = r.id === meId;
              return (
                <tr key={r.id}>
                  <td>
                    {r.name}
                    {me && <span className="muted"> {u.you}</span>}
                  </td>
                  <td className={styles.mono}>{r.email}</td>
                  <td>
                    {me ? (
                      t.roles[r.role]
                    ) : (
                      <div className={styles.inlineForm}>
                        <div className="field">
                          <label htmlFor={`role-${r.id}`} className="visually-hidden">
                            {u.roleFor(r.name)}
                          </label>
                          <select
                            id={`role-${r.id}`}
                            value={roles[r.id]}
                            onChange={(e) => setRoles({ ...roles, [r.id]: e.target.value as Role })}
                          >
                            {STAFF_ROLES.map((role) => (
                              <option key={role} value={role}>
                                {t.roles[role]}
                              </option>
                            ))}
                          </select>
                        </div>
                        <button
                          type="button"
                          className="btn btn-secondary"
                          disabled={busy === r.id || roles[r.id] === r.role}
                          onClick={() => run(r.id, () => changeRoleAction({ staffId: r.id, role: roles[r.id] }))}
                        >
                          {u.changeRole}
                        </button>
                      </div>
                    )}
                  </td>
                  <td>
                    <span className="badge">{r.disabled ? u.disabled : u.active}</span>
                  </td>
                  <td>
                    {t.security.passkeyCount(r.passkeys)}
                    {!me && !r.disabled && (
                      <button type="button" className="btn-link" disabled={busy === r.id} onClick={() => issue(r.id)}>
                        {t.security.issue}
                        <span className="visually-hidden">：{r.name}</span>
                      </button>
                    )}
                  </td>
                  <td>
                    {!me && (
                      <button
                        type="button"
                        className="btn btn-secondary"
                        disabled={busy === r.id}
                        onClick={() => run(r.id, () => setDisabledAction({ staffId: r.id, disabled: !r.disabled }))}
                      >
                        {r.disabled ? u.enable : u.disable}
                        <span className="visually-hidden">：{r.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

type In = z.input<typeof createStaffSchema>;
type Out = z.output<typeof createStaffSchema>;

export function CreateStaffForm({ locale }: { locale: Locale }) {
  const t = { ...staffCommonMessages[locale], ...staffUsersMessages[locale], ...staffSecurityMessages[locale] };
  const u = t.users;
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { run, dialog } = useStepUp(locale);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: zodResolver(createStaffSchema),
    defaultValues: { email: '', name: '', role: 'viewer', password: '' },
  });
  const onSubmit = async (values: Out) => {
    const res = await run(() => createStaffAction(values));
    if (res.ok) {
      setMessage({ ok: true, text: u.created });
      reset();
      router.refresh();
      return;
    }
    for (const [k, v] of Object.entries(res.fieldErrors)) if (k in values) setError(k as keyof In, { message: v });
    setMessage({ ok: false, text: formMessage(t, res.formError) });
  };
  const f = (k: keyof In) => fieldMessage(t, errors[k]?.message);
  return (
    <form onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="create-title">
      <div
        role="status"
        aria-live="polite"
        className={message ? `alert ${message.ok ? 'alert-success' : 'alert-error'}` : undefined}
      >
        {message?.text}
      </div>
      <div className="field">
        <label htmlFor="new-name">{u.name}</label>
        <input
          id="new-name"
          type="text"
          autoComplete="off"
          maxLength={80}
          aria-invalid={!!errors.name}
          aria-describedby="new-name-error"
          {...register('name')}
        />
        <div id="new-name-error" className="field-error" aria-live="polite">
          {f('name')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="new-email">{u.email}</label>
        <input
          id="new-email"
          type="email"
          autoComplete="off"
          maxLength={254}
          aria-invalid={!!errors.email}
          aria-describedby="new-email-error"
          {...register('email')}
        />
        <div id="new-email-error" className="field-error" aria-live="polite">
          {f('email')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="new-role">{u.role}</label>
        <select id="new-role" aria-invalid={!!errors.role} aria-describedby="new-role-error" {...register('role')}>
          {STAFF_ROLES.map((role) => (
            <option key={role} value={role}>
              {t.roles[role]}
            </option>
          ))}
        </select>
        <div id="new-role-error" className="field-error" aria-live="polite">
          {f('role')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="new-password">{u.password}</label>
        <span className="hint" id="new-password-hint">
          {u.passwordHint}
        </span>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          maxLength={128}
          aria-invalid={!!errors.password}
          aria-describedby="new-password-hint new-password-error"
          {...register('password')}
        />
        <div id="new-password-error" className="field-error" aria-live="polite">
          {f('password')}
        </div>
      </div>
      <button type="submit" className="btn btn-primary" disabled={isSubmitting}>
        {u.create}
      </button>
      {dialog}
    </form>
  );
}
