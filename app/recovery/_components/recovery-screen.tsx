'use client';

import type { FlowKind, RecoveryStep, StepProps } from './types';
import { screenOf, type Screen, type ScreenProps } from './screens';
import { FlowKindContext } from './step-frame';
import * as Steps from './steps';

/**
 * Any state's screen from its view, every screen at hand (the staff previews render them all at once, on the server
 * too): picks the component of `view.step` and of its kind from the map of screens.ts.
 */
export function RecoveryScreen(
  props: ScreenProps & {
    /** The kind of the page (/recovery/password): its intro, whatever the view says. */
    kind?: FlowKind;
  },
) {
  const kind = props.view.step === 'intro' ? (props.kind ?? props.view.kind) : props.view.kind;
  const Screen = (Steps as unknown as Record<string, Screen>)[screenOf(props.view.step, kind).name]!;
  return (
    <FlowKindContext.Provider value={kind}>
      <Screen {...(props as StepProps<RecoveryStep>)} />
    </FlowKindContext.Provider>
  );
}
