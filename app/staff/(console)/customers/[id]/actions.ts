'use server';

import { staffAction } from '@/lib/staff/action';
import {
  approveForcedReset,
  cancelForcedReset,
  rejectForcedReset,
  requestForcedReset,
  unlockCustomerRecovery,
} from '@/lib/staff/forced-reset';

// Each operation is declared once in lib/staff (role, audited name, schema, run): the wrapper reads
// the session, and the operation authorizes, validates and applies the four-eyes rule itself.

export const requestResetAction = staffAction(requestForcedReset);
export const approveResetAction = staffAction(approveForcedReset);
export const rejectResetAction = staffAction(rejectForcedReset);
export const cancelResetAction = staffAction(cancelForcedReset);
export const unlockRecoveryAction = staffAction(unlockCustomerRecovery);
