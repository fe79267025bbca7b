'use server';

import { redirect } from 'next/navigation';
import { staffAction } from '@/lib/staff/action';
import { requestFullAuditCheck } from '@/lib/staff/audit-log';

const startFullCheck = staffAction(requestFullAuditCheck);

// POST /staff/audit (form) — queue a full check of the audit chain; a job runs it, the page shows its progress.
export async function startFullCheckAction(): Promise<void> {
  await startFullCheck({});
  redirect('/staff/audit');
}
