'use client';

import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import type { Locale } from '@/lib/i18n/types';
import { PASSWORD_SCREENS, SCREENS, screenOf, type Screen, type ScreenProps } from './screens';
import { FlowKindContext, StepFocusContext } from './step-frame';
import type { RecoveryError, RecoveryStep, RecoveryView, StepProps } from './types';

/*
 * One chunk per screen (docs/design.md#steps): the page downloads the code and the words of the step it shows, and
 * the next step's when the flow gets there. Server-rendered as ever, so nothing changes without JavaScript.
 */
const LAZY: Record<string, Screen> = Object.fromEntries(
  [...Object.values(SCREENS), ...Object.values(PASSWORD_SCREENS)].map((source) => [source.name, dynamic(source.load)]),
);

function LiveScreen(props: ScreenProps) {
  const { name } = screenOf(props.view.step, props.view.kind);
  const Screen = LAZY[name]!;
  return <Screen {...(props as StepProps<RecoveryStep>)} />;
}

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
        <LiveScreen
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
