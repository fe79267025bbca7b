'use server';

import { staffAction } from '@/lib/staff/action';
import { approveForcedReset, cancelForcedReset, rejectForcedReset, requestForcedReset, unlockCustomerRecovery } from '@/lib/staff/forced-reset';
import { forcedResetRequestSchema, resetDecisionSchema, unlockSchema } from '@/lib/staff/schemas';

// Each action: the wrapper checks the session and role and validates; the lib function checks the role
// again and applies the four-eyes rule itself.

export const requestResetAction = staffAction('operator', forcedResetRequestSchema, (staff, input, { db, ...ctx }) =>
  requestForcedReset(db, staff, input, ctx), { name: 'staff.forced_reset.request' });

export const approveResetAction = staffAction('operator', resetDecisionSchema, (staff, input, { db, ...ctx }) =>
  approveForcedReset(db, staff, input, ctx), { name: 'staff.forced_reset.approve' });

export const rejectResetAction = staffAction('operator', resetDecisionSchema, (staff, input, { db, ...ctx }) =>
  rejectForcedReset(db, staff, input, ctx), { name: 'staff.forced_reset.reject' });

export const cancelResetAction = staffAction('operator', resetDecisionSchema, (staff, input, { db, ...ctx }) =>
  cancelForcedReset(db, staff, input, ctx), { name: 'staff.forced_reset.cancel' });

export const unlockRecoveryAction = staffAction('operator', unlockSchema, (staff, input, { db, ...ctx }) =>
  unlockCustomerRecovery(db, staff, input, ctx), { name: 'staff.recovery.unlock' });
