'use server';

import { staffAction } from '@/lib/staff/action';
import { findCustomers } from '@/lib/staff/customers';
import { customerSearchSchema } from '@/lib/staff/schemas';

/** お客さま検索 (viewer+). The lookup is audited, with the account number masked. */
export const searchCustomersAction = staffAction('viewer', customerSearchSchema, (staff, input, { db, ...ctx }) =>
  findCustomers(db, staff, input, ctx), { name: 'staff.customer.search' });
