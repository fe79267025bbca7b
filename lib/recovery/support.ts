import { env } from '../config/env';
import type { SupportContact } from './types';

/**
 * The support line of the locked screens and of every email footer (README: SUPPORT_PHONE,
 * SUPPORT_PHONE_DIRECT, SUPPORT_HOURS_*); both print it with `supportLines` (lib/recovery/support-hours.ts).
 */
export function supportContact(): SupportContact {
  const e = env();
  return {
    phone: e.SUPPORT_PHONE,
    phoneDirect: e.SUPPORT_PHONE_DIRECT,
    weekdayHours: e.SUPPORT_HOURS_WEEKDAY,
    weekendHours: e.SUPPORT_HOURS_WEEKEND || null,
  };
}
