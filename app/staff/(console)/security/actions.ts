'use server';

import { z } from 'zod';
import { staffAction } from '@/lib/staff/action';
import { finishStaffPasskeyEnrollment, finishStaffStepUp, issueEnrollmentCode, startStaffPasskeyEnrollment, startStaffStepUp } from '@/lib/staff/passkeys';
import { finishEnrollmentSchema, finishStepUpSchema, issueEnrollmentCodeSchema, startEnrollmentSchema } from '@/lib/staff/schemas';

// The passkey ceremonies themselves need only the signed-in session (they are how a step-up is made);
// issuing an enrollment code is staff management: admin, with a fresh step-up (lib/staff/step-up.ts).

export const startStepUpAction = staffAction('viewer', z.unknown(), (staff, _input, { db, ...ctx }) =>
  startStaffStepUp(db, staff, ctx), { name: 'staff.step_up.start' });

export const finishStepUpAction = staffAction('viewer', finishStepUpSchema, (staff, input, { db, ...ctx }) =>
  finishStaffStepUp(db, staff, input, ctx), { name: 'staff.step_up.finish' });

export const startEnrollmentAction = staffAction('viewer', startEnrollmentSchema, (staff, input, { db, ...ctx }) =>
  startStaffPasskeyEnrollment(db, staff, input, ctx), { name: 'staff.passkey.enroll_start' });

export const finishEnrollmentAction = staffAction('viewer', finishEnrollmentSchema, (staff, input, { db, ...ctx }) =>
  finishStaffPasskeyEnrollment(db, staff, input, ctx), { name: 'staff.passkey.enroll_finish' });

export const issueEnrollmentCodeAction = staffAction('admin', issueEnrollmentCodeSchema, (staff, input, { db, ...ctx }) =>
  issueEnrollmentCode(db, staff, input, ctx), { name: 'staff.passkey.issue_code' });
