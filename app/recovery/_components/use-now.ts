'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';

const noop = () => () => {};

/** True once the page runs in the browser with JavaScript (false while server-rendering and hydrating). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}

/** Seconds until `iso`, ticking once a second (0 when past or null). */
export function useSecondsUntil(iso: string | null | undefined): number {
  const target = iso ? Date.parse(iso) : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!target) return;
    const id = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= target) clearInterval(id);
    }, 1000);
    return () => clearInterval(id);
  }, [target]);
  return target ? Math.max(0, Math.ceil((target - now) / 1000)) : 0;
}
