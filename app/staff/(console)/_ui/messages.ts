import type { staffCommonMessages } from '@/lib/i18n/messages/staff-common';

type ErrorWords = Pick<(typeof staffCommonMessages)['ja'], 'errors' | 'fieldErrors'>;

/** A field's error code (from the shared zod schema or the server) in words. */
export function fieldMessage(t: ErrorWords, code: string | undefined): string {
  if (!code) return '';
  return (t.fieldErrors as Record<string, string>)[code] ?? t.fieldErrors.fallback;
}

/** A form-level error code (lib/staff's StaffErrorCode, or 'error') in words. */
export function formMessage(t: ErrorWords, code: string | null | undefined): string {
  if (!code) return '';
  return (t.errors as Record<string, string>)[code] ?? t.errors.error;
}
