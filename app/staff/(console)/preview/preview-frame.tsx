'use client';

import { useEffect, useRef, useState } from 'react';
import { RecoveryScreen } from '@/app/recovery/_components';
import type { Locale } from '@/lib/i18n/types';
import type { RecoveryError, RecoveryView } from '@/lib/recovery/types';

/**
 * One screen of the customer's flow, rendered by the very component /recovery uses, in preview mode:
 * its forms validate, but submitting sends nothing (the component never calls its server action).
 * Cases with `fill` type sample values and submit once, so the screen's own validation shows the
 * field errors a customer would see.
 */
export function PreviewFrame({
  view,
  locale,
  flash,
  fill,
  submittedText,
}: {
  view: RecoveryView;
  locale: Locale;
  flash?: RecoveryError | null;
  fill?: Record<string, string>;
  submittedText: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [submits, setSubmits] = useState(0);
  useEffect(() => {
    if (!fill) return;
    const form = ref.current?.querySelector('form');
    if (!form) return;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    for (const [name, value] of Object.entries(fill)) {
      const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
      if (!input || !setValue) continue;
      setValue.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }
    form.requestSubmit();
  }, [fill]);
  return (
    <div ref={ref} lang={locale} data-testid="preview-frame">
      <RecoveryScreen
        view={view}
        locale={locale}
        mode="preview"
        flash={flash ?? null}
        onPreviewSubmit={() => setSubmits((n) => n + 1)}
      />
      <p className="visually-hidden" role="status">
        {submits > 0 ? submittedText : ''}
      </p>
    </div>
  );
}
