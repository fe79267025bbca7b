'use server';

import { signOut } from '@/lib/auth';

export async function staffSignOutAction(): Promise<void> {
  await signOut({ redirectTo: '/staff/login' });
}
