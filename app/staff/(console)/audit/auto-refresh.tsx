'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';

/** Re-renders the page every few seconds while a full check runs (its progress is read from the database). */
export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [router, everyMs]);
  return null;
}
