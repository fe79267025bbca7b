import { idle } from '../../lib/forms/action-state';

/**
 * What a browser posts for a form (a server action's FormData): strings as typed, a ticked checkbox as `on`,
 * an unticked one not at all.
 */
export function formData(fields: Record<string, string | boolean | undefined>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === true) f.append(k, 'on');
    else if (typeof v === 'string') f.append(k, v);
  }
  return f;
}

/** A step action called as <form action> calls it: the previous state, then the posted form. */
export const posted = (fields: Record<string, string | boolean | undefined>) => [idle, formData(fields)] as const;
