'use server';

import { staffAction } from '@/lib/staff/action';
import { changeStaffRole, createStaff, setStaffDisabled } from '@/lib/staff/users';
import { changeRoleSchema, createStaffSchema, setDisabledSchema } from '@/lib/staff/schemas';

export const createStaffAction = staffAction('admin', createStaffSchema, (staff, input, { db, ...ctx }) =>
  createStaff(db, staff, input, ctx), { name: 'staff.users.create' });

export const changeRoleAction = staffAction('admin', changeRoleSchema, (staff, input, { db, ...ctx }) =>
  changeStaffRole(db, staff, input, ctx), { name: 'staff.users.change_role' });

export const setDisabledAction = staffAction('admin', setDisabledSchema, (staff, input, { db, ...ctx }) =>
  setStaffDisabled(db, staff, input, ctx), { name: 'staff.users.set_disabled' });
