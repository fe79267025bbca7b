import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STEPS,
  RECOVERY_STEPS,
  TERMINAL_STEPS,
  TRANSITIONS,
  effectiveStep,
  progressIndex,
  transition,
  type FlowEvent,
  type RecoveryStep,
} from '../../lib/recovery/flow';

const now = new Date('2026-11-25T05:00:00Z');
const later = new Date(now.getTime() + 15 * 60_000);
const rules = { now, maxFailures: 5 };
const at = (step: RecoveryStep, failedAttempts = 0, expiresAt = later) => ({ step, failedAttempts, expiresAt });

describe('the recovery state machine (flow.ts)', () => {
  it('walks intro → credentials → secret_question → account_data → otp → review → done and nowhere else', () => {
    expect(transition(at('intro'), { type: 'start' }, rules)).toEqual({ ok: true, from: 'intro', to: 'credentials' });
    expect(transition(at('credentials'), { type: 'verified', step: 'credentials' }, rules)).toMatchObject({
      to: 'secret_question',
    });
    expect(transition(at('secret_question'), { type: 'verified', step: 'secret_question' }, rules)).toMatchObject({
      to: 'account_data',
    });
    expect(transition(at('account_data'), { type: 'verified', step: 'account_data' }, rules)).toMatchObject({
      to: 'otp',
    });
    expect(transition(at('otp'), { type: 'verified', step: 'otp' }, rules)).toMatchObject({ to: 'review' });
    expect(transition(at('review'), { type: 'confirm' }, rules)).toMatchObject({ to: 'done' });
  });

  it('refuses a skipped step, a repeated step and a confirm before review', () => {
    expect(transition(at('credentials'), { type: 'verified', step: 'otp' }, rules)).toEqual({
      ok: false,
      reason: 'wrong_step',
      step: 'credentials',
    });
    expect(transition(at('account_data'), { type: 'verified', step: 'credentials' }, rules)).toEqual({
      ok: false,
      reason: 'wrong_step',
      step: 'account_data',
    });
    for (const s of ['credentials', 'secret_question', 'account_data', 'otp'] as const) {
      expect(transition(at(s), { type: 'confirm' }, rules)).toMatchObject({ ok: false, reason: 'wrong_step' });
    }
    expect(transition(at('credentials'), { type: 'resend' }, rules)).toMatchObject({ ok: false, reason: 'wrong_step' });
  });

  it('the 5th failure locks the flow; fewer stay on the step', () => {
    expect(transition(at('otp', 4), { type: 'failed', step: 'otp' }, rules)).toMatchObject({ ok: true, to: 'otp' });
    expect(transition(at('otp', 5), { type: 'failed', step: 'otp' }, rules)).toMatchObject({ ok: true, to: 'locked' });
  });

  it('nothing leaves a terminal state; a done flow reads as finished', () => {
    const events: FlowEvent[] = [
      { type: 'start' },
      { type: 'verified', step: 'credentials' },
      { type: 'confirm' },
      { type: 'cancel' },
      { type: 'resend' },
    ];
    for (const s of TERMINAL_STEPS) for (const e of events) expect(transition(at(s), e, rules).ok).toBe(false);
    expect(transition(at('done'), { type: 'confirm' }, rules)).toMatchObject({ reason: 'finished' });
    expect(transition(at('locked'), { type: 'verified', step: 'credentials' }, rules)).toMatchObject({
      reason: 'locked',
    });
    expect(transition(at('expired'), { type: 'cancel' }, rules)).toMatchObject({ reason: 'expired' });
  });

  it('a flow at or past its lifetime is expired for every event, by the server clock only', () => {
    const exp = new Date(now.getTime());
    for (const s of ACTIVE_STEPS) {
      expect(transition(at(s, 0, exp), { type: 'cancel' }, rules)).toEqual({ ok: false, reason: 'expired', step: s });
      expect(effectiveStep(at(s, 0, exp), now)).toBe('expired');
      expect(effectiveStep(at(s, 0, new Date(now.getTime() + 1)), now)).toBe(s);
    }
    expect(effectiveStep(at('done', 0, exp), now)).toBe('done');
  });

  it('the step indicator counts 5 steps (passkey) and 7 (password)', () => {
    expect(RECOVERY_STEPS.map((s) => progressIndex(s))).toEqual([0, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0]);
    expect(RECOVERY_STEPS.map((s) => progressIndex(s, 'password'))).toEqual([0, 0, 2, 3, 4, 7, 8, 0, 0, 0, 1, 5, 6]);
  });

  it('README.md draws exactly the transitions of flow.ts, one diagram per kind', () => {
    const md = readFileSync(path.join(__dirname, '../../lib/recovery/README.md'), 'utf8');
    const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    const kinds = blocks.map((b) => /%% kind: (\w+)/.exec(b)?.[1]);
    expect(kinds.sort()).toEqual(Object.keys(TRANSITIONS).sort());
    for (const block of blocks) {
      const kind = /%% kind: (\w+)/.exec(block)![1] as keyof typeof TRANSITIONS;
      const drawn = new Set<string>();
      for (const m of block.matchAll(/^\s*(\w+) --> (\w+): (\w+)/gm)) drawn.add(`${m[1]} ${m[3]} ${m[2]}`);
      const coded = new Set<string>();
      for (const [from, events] of Object.entries(TRANSITIONS[kind])) {
        for (const [event, to] of Object.entries(events)) coded.add(`${from} ${event} ${to}`);
      }
      expect([...drawn].sort(), kind).toEqual([...coded].sort());
    }
  });

  it('password kind: credentials_pin → … → otp → waiting, resume only after the wait, then otp → new_password → review → done', () => {
    const pw = (step: RecoveryStep, extra: Partial<Parameters<typeof transition>[0]> = {}) => ({
      ...at(step),
      kind: 'password' as const,
      ...extra,
    });
    expect(transition(pw('intro'), { type: 'start' }, rules)).toMatchObject({ to: 'credentials_pin' });
    expect(transition(pw('credentials_pin'), { type: 'verified', step: 'credentials_pin' }, rules)).toMatchObject({
      to: 'secret_question',
    });
    expect(transition(pw('credentials_pin'), { type: 'verified', step: 'credentials' }, rules)).toMatchObject({
      ok: false,
      reason: 'wrong_step',
    });
    expect(transition(pw('otp'), { type: 'verified', step: 'otp' }, rules)).toMatchObject({ to: 'waiting' });
    const resumeAt = new Date(now.getTime() + 1000);
    expect(transition(pw('waiting', { resumeAt }), { type: 'resume' }, rules)).toEqual({
      ok: false,
      reason: 'too_early',
      step: 'waiting',
      resumeAt,
    });
    expect(transition(pw('waiting', { resumeAt }), { type: 'resume' }, { ...rules, now: resumeAt })).toMatchObject({
      ok: true,
      to: 'otp',
    });
    expect(transition(pw('otp', { resumedAt: now }), { type: 'verified', step: 'otp' }, rules)).toMatchObject({
      to: 'new_password',
    });
    expect(transition(pw('new_password'), { type: 'set_password' }, rules)).toMatchObject({ to: 'review' });
    expect(transition(pw('new_password'), { type: 'confirm' }, rules)).toMatchObject({
      ok: false,
      reason: 'wrong_step',
    });
    expect(transition(pw('waiting', { resumeAt }), { type: 'confirm' }, rules)).toMatchObject({
      ok: false,
      reason: 'wrong_step',
    });
    expect(transition(pw('review'), { type: 'confirm' }, rules)).toMatchObject({ to: 'done' });
    // The passkey kind has none of these steps or events.
    expect(transition(at('otp'), { type: 'verified', step: 'otp' }, rules)).toMatchObject({ to: 'review' });
    expect(transition(at('review'), { type: 'set_password' }, rules)).toMatchObject({
      ok: false,
      reason: 'wrong_step',
    });
    expect(transition({ ...at('waiting'), resumeAt: now }, { type: 'resume' }, rules)).toMatchObject({
      ok: false,
      reason: 'wrong_step',
    });
  });
});
