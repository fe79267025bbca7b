import type { Locale } from '../types';
import { staffCommonMessages } from './staff-common';
import { staffLoginMessages } from './staff-login';
import { staffDashboardMessages } from './staff-dashboard';
import { staffCustomersMessages } from './staff-customers';
import { staffCustomerMessages } from './staff-customer';
import { staffResetMessages } from './staff-reset';
import { staffUnlockMessages } from './staff-unlock';
import { staffAuditMessages } from './staff-audit';
import { staffUsersMessages } from './staff-users';
import { staffPreviewMessages } from './staff-preview';
import { staffSecurityMessages } from './staff-security';

/**
 * The whole staff console catalog, for server pages that show several screens' words. A client
 * component imports only its own slice (lib/i18n/messages/staff-*.ts), so the browser gets only that.
 */
const slices = [
  staffCommonMessages,
  staffLoginMessages,
  staffDashboardMessages,
  staffCustomersMessages,
  staffCustomerMessages,
  staffResetMessages,
  staffUnlockMessages,
  staffAuditMessages,
  staffUsersMessages,
  staffPreviewMessages,
  staffSecurityMessages,
] as const;

function merged(locale: Locale) {
  return Object.assign({}, ...slices.map((s) => s[locale])) as StaffMessages;
}

export type StaffMessages = (typeof staffCommonMessages)['ja'] &
  (typeof staffLoginMessages)['ja'] &
  (typeof staffDashboardMessages)['ja'] &
  (typeof staffCustomersMessages)['ja'] &
  (typeof staffCustomerMessages)['ja'] &
  (typeof staffResetMessages)['ja'] &
  (typeof staffUnlockMessages)['ja'] &
  (typeof staffAuditMessages)['ja'] &
  (typeof staffUsersMessages)['ja'] &
  (typeof staffPreviewMessages)['ja'] &
  (typeof staffSecurityMessages)['ja'];

export const staffMessages: Record<Locale, StaffMessages> = { ja: merged('ja'), en: merged('en') };
