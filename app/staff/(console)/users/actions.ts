'use server';

import { staffAction } from '@/lib/staff/action';
import { changeStaffRole, createStaff, setStaffDisabled } from '@/lib/staff/users';

export const createStaffAction = staffAction(createStaff);
export const changeRoleAction = staffAction(changeStaffRole);
export const setDisabledAction = staffAction(setStaffDisabled);
