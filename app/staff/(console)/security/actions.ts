'use server';

import { staffAction } from '@/lib/staff/action';
import {
  finishStaffPasskeyEnrollment,
  finishStaffStepUp,
  issueEnrollmentCode,
  startStaffPasskeyEnrollment,
  startStaffStepUp,
} from '@/lib/staff/passkeys';

// The passkey ceremonies themselves need only the signed-in session (they are how a step-up is made);
// issuing an enrollment code is staff management: admin, with a fresh step-up (lib/staff/step-up.ts).

export const startStepUpAction = staffAction(startStaffStepUp);
export const finishStepUpAction = staffAction(finishStaffStepUp);
export const startEnrollmentAction = staffAction(startStaffPasskeyEnrollment);
export const finishEnrollmentAction = staffAction(finishStaffPasskeyEnrollment);
export const issueEnrollmentCodeAction = staffAction(issueEnrollmentCode);
