'use server';

import { endCurrentSession } from '@/lib/auth';

/** Ends the session on the server (a copied cookie is refused afterwards), then in the browser. */
export async function staffSignOutAction(): Promise<void> {
  await endCurrentSession('/staff/login');
}
