import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AGGREGATED_ACTIONS,
  AUDIT_ACTIONS,
  isAuditAction,
  RECENT_LOCK,
  RECOVERY_FAILURE,
  SPRAY_ALERT,
  STEP_PASSED_POSITIONS,
  stepPassedAction,
  summaryAction,
  type AuditInput,
} from '@/lib/audit';
import { VERIFICATION_STEPS } from '@/lib/recovery/flow';
import { FAILURE_ACTION } from '@/lib/recovery/account-lock';
import { RECENT_LOCK_ACTION, SPRAY_ALERT_ACTION } from '@/lib/recovery/red-flags';
import { STEP_PASSED_ACTIONS } from '@/lib/staff/stats';

/*
 * The audit action names are data that behaviour depends on: the per-account lock counts rows by
 * name, the dashboard funnel and security alerts read rows by name. Writers are typed (`AuditAction`,
 * so `npx tsc` refuses an unknown name: see the @ts-expect-error below); this file checks the readers
 * and, as a second net, every literal name written in lib/ and app/.
 */

describe('audit actions', () => {
  it('lists each name once, in the <area>.<object>.<event> form', () => {
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
    for (const a of AUDIT_ACTIONS) expect(a).toMatch(/^[a-z]+(\.[a-z_]+)+$/);
  });

  it('gives every reader a name that writers can write', () => {
    for (const a of [
      RECOVERY_FAILURE,
      SPRAY_ALERT,
      RECENT_LOCK,
      FAILURE_ACTION,
      SPRAY_ALERT_ACTION,
      RECENT_LOCK_ACTION,
    ]) {
      expect(isAuditAction(a), a).toBe(true);
    }
    // The funnel reads the names the recovery steps write (the passkey flow's four steps, in order).
    expect(Object.keys(STEP_PASSED_ACTIONS)).toEqual(
      (['credentials', 'secret_question', 'account_data', 'otp'] as const).map((s) => stepPassedAction(s)),
    );
    expect(STEP_PASSED_POSITIONS.map(([, n]) => n)).toEqual([1, 2, 3, 4]);
    for (const s of VERIFICATION_STEPS) expect(isAuditAction(stepPassedAction(s))).toBe(true);
    for (const a of AGGREGATED_ACTIONS) expect(isAuditAction(summaryAction(a))).toBe(true);
  });

  it('refuses an unknown name at compile time', () => {
    // @ts-expect-error: not an AuditAction (tsc fails if this ever type-checks)
    const input: AuditInput = { actor: { type: 'system' }, action: 'recovery.made_up' };
    expect(isAuditAction(input.action)).toBe(false);
  });

  it('writes no literal name outside the list anywhere in lib/ or app/', () => {
    const names = new Set<string>();
    const areas = /'((?:login|stepup|passkey|recovery|customer|security|staff)\.[a-z_.]+)'/g;
    for (const file of sourceFiles(['lib', 'app'])) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        // A writer names its action as `action: '…'` (or a ternary of two) or as audit(db, ctx, '…').
        if (!/\baction: [^s]|\baudit\((?:db|tx), ctx, '/.test(line)) continue;
        for (const m of line.matchAll(areas)) names.add(m[1]);
      }
    }
    expect(names.size).toBeGreaterThan(40);
    const unknown = [...names].filter((n) => !isAuditAction(n));
    expect(unknown).toEqual([]);
  });
});

function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !p.startsWith(path.join('lib', 'i18n'))) out.push(p);
    }
  };
  for (const d of dirs) walk(d);
  return out;
}
