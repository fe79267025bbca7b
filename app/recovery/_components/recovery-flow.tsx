'use client';

import { useCallback, useState } from 'react';
import type { Locale } from '@/lib/i18n/types';
import { LiveRecoveryScreen } from './live-screen';
import { FlowKindContext, StepFocusContext } from './step-frame';
import type { RecoveryError, RecoveryView } from './types';

/**
 * The live /recovery: holds the current screen and swaps it with whatever the server action answers.
 * The state itself is on the server (recovery_flows); this only remembers which screen to draw. Without
 * JavaScript each form posts and the page is drawn again from the flow row — the same screens.
 */
export function RecoveryFlow({
  initialView,
  locale,
  flowMinutes,
}: {
  initialView: RecoveryView;
  locale: Locale;
  flowMinutes?: number;
}) {
  const [state, setState] = useState<{ view: RecoveryView; flash: RecoveryError | null; n: number }>({
    view: initialView,
    flash: null,
    n: 0,
  });
  const onView = useCallback(
    (view: RecoveryView, flash?: RecoveryError | null) =>
      setState((s) => ({ view, flash: flash ?? null, n: view.step === s.view.step ? s.n : s.n + 1 })),
    [],
  );
  // A new key per step: the new screen mounts, so its heading takes focus. The same step (a refusal, more time)
  // keeps its key, so what the customer typed stays.
  return (
    <StepFocusContext.Provider value={state.n > 0}>
      <FlowKindContext.Provider value={state.view.kind ?? 'passkey'}>
        <LiveRecoveryScreen
          key={`${state.view.step}-${state.n}`}
          view={state.view}
          locale={locale}
          mode="live"
          onView={onView}
          flash={state.flash}
          flowMinutes={flowMinutes}
        />
      </FlowKindContext.Provider>
    </StepFocusContext.Provider>
  );
}
