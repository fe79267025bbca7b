/** Staff see only the last four digits of an account number: 1234567 → ***4567. */
export function maskAccountNumber(accountNumber: string): string {
  const digits = accountNumber.replace(/\D/g, '');
  if (digits.length <= 4) return '***';
  return `***${digits.slice(-4)}`;
}

/** Enough of the registered phone to compare with the caller's number: 090-0000-0001 → ***-****-0001. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '***';
  return `***-****-${digits.slice(-4)}`;
}

/** For the audit trail of a lookup: never the full account number. */
export function accountHint(branchCode: string, accountNumber: string): string {
  return `${branchCode}-${maskAccountNumber(accountNumber)}`;
}
