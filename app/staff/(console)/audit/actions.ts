'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { staffAction } from '@/lib/staff/action';
import { requestFullAuditCheck } from '@/lib/staff/audit-log';

const startFullCheck = staffAction('admin', z.object({}), (staff, _input, { db, ...ctx }) =>
  requestFullAuditCheck(db, { kind: 'staff', id: staff.id }, ctx), { name: 'staff.audit.full_check' });

// POST /staff/audit (form) — queue a full check of the audit chain; a job runs it, the page shows its progress.
export async function startFullCheckAction(): Promise<void> {
  await startFullCheck({});
  redirect('/staff/audit');
}
