'use client';

import { useCallback, useState } from 'react';

/**
 * The state of a button that starts async work (a passkey ceremony, an action): `busy` while it
 * runs, one error line, cleared on each start. An exception shows `failed`, never its own text.
 */
export function useBusyError(failed: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      setError('');
      try {
        await work();
      } catch {
        setError(failed);
      } finally {
        setBusy(false);
      }
    },
    [failed],
  );
  return { busy, error, setError, run };
}
