'use server';

import { staffAction } from '@/lib/staff/action';
import { findCustomers } from '@/lib/staff/customers';

/** お客さま検索 (viewer+). The lookup is audited, with the account number masked. */
export const searchCustomersAction = staffAction(findCustomers);
