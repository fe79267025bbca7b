import { describe, expect, it } from 'vitest';
import { formatWait, plural } from '../../lib/i18n/format';
import { accountMessages } from '../../lib/i18n/messages/account';
import { common as commonMessages } from '../../lib/i18n/messages/common';
import { helpMessages } from '../../lib/i18n/messages/help';
import { jobsMessages } from '../../lib/i18n/messages/jobs';
import { loginMessages } from '../../lib/i18n/messages/login';
import { recoveryMessages } from '../../lib/i18n/messages/recovery';
import { staffMessages } from '../../lib/i18n/messages/staff';

/* English counts read as English at 0, 1, 2 and many ("1 more mistake", never "1 more mistakes"). */

describe('plural', () => {
  it('chooses the singular for one and the plural for every other count', () => {
    expect([0, 1, 2, 15].map((n) => plural(n, 'passkey'))).toEqual([
      '0 passkeys',
      '1 passkey',
      '2 passkeys',
      '15 passkeys',
    ]);
    expect([0, 1, 2, 15].map((n) => plural(n, 'entry', 'entries'))).toEqual([
      '0 entries',
      '1 entry',
      '2 entries',
      '15 entries',
    ]);
  });

  it('writes waits in seconds and whole minutes', () => {
    expect([1, 2, 59, 60, 61, 120, 900].map((s) => formatWait(s, 'en'))).toEqual([
      '1 second',
      '2 seconds',
      '59 seconds',
      '1 minute',
      '2 minutes',
      '2 minutes',
      '15 minutes',
    ]);
    expect([1, 60, 900].map((s) => formatWait(s, 'ja'))).toEqual(['1秒', '1分', '15分']);
  });
});

const en = {
  recovery: recoveryMessages.en,
  account: accountMessages.en,
  staff: staffMessages.en,
  help: helpMessages.en,
};

describe('English messages with a count', () => {
  const cases: [string, (n: number) => string, string, string, string][] = [
    [
      'recovery attemptsLeft',
      en.recovery.attemptsLeft,
      'After 0 more mistakes',
      'After 1 more mistake we',
      'After 2 more mistakes',
    ],
    [
      'recovery rate_limited',
      en.recovery.errors.rate_limited,
      'about 0 minutes',
      'about 1 minute and',
      'about 2 minutes',
    ],
    ['recovery resend_wait', en.recovery.errors.resend_wait, 'in 0 seconds', 'in 1 second.', 'in 2 seconds'],
    ['recovery triesLeft', en.recovery.otp.triesLeft, '0 more times', 'this code 1 more time.', '2 more times'],
    ['recovery resendIn', en.recovery.otp.resendIn, 'in 0 seconds', 'in 1 second.', 'in 2 seconds'],
    ['recovery sendsLeft', en.recovery.otp.sendsLeft, 'code 0 more times', 'code 1 more time.', 'code 2 more times'],
    [
      'account stepUpRateLimited',
      en.account.stepUpRateLimited,
      'about 0 seconds',
      'about 1 second)',
      'about 2 seconds',
    ],
    ['account stepUpDone', en.account.stepUpDone, 'For 0 minutes', 'For 1 minute you', 'For 2 minutes'],
    ['staff alertIds', en.staff.dashboard.alertIds, 'for 0 login IDs', 'for 1 login ID', 'for 2 login IDs'],
    ['staff passkeys', en.staff.customers.passkeys, '0 passkeys', '1 passkey', '2 passkeys'],
    ['staff chainOk', en.staff.audit.chainOk, '0 records', '1 record checked', '2 records'],
    ['staff chainMoreRanges', en.staff.audit.chainMoreRanges, '0 more places', '1 more place.', '2 more places'],
    ['help articleCount', en.help.articleCount, '0 articles', '1 article', '2 articles'],
    ['help resultsCount', en.help.resultsCount, '0 articles found', '1 article found', '2 articles found'],
  ];
  for (const [name, message, zero, one, two] of cases) {
    it(`${name} at 0, 1, 2 and 25`, () => {
      expect(message(0)).toContain(zero);
      expect(message(1)).toContain(one);
      expect(message(2)).toContain(two);
      expect(message(25)).toContain(two.replace('2', '25'));
    });
  }
});

/** Every one-argument English message, called with 1, says no "1 <plural noun>" (a sweep for messages added later). */
function* messages(node: unknown, path: string): Generator<[string, (n: number) => string]> {
  if (typeof node === 'function') {
    if (node.length === 1) yield [path, node as (n: number) => string];
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) yield* messages(v, `${path}.${k}`);
  }
}

describe('no English message says "1 things"', () => {
  const catalogs = { ...en, common: commonMessages.en, jobs: jobsMessages.en, login: loginMessages.en };
  const all = [...messages(catalogs, 'en')];
  it('finds the messages to sweep', () => {
    expect(all.length).toBeGreaterThan(20);
  });
  it('reads every count of one in the singular', () => {
    const wrong = all.flatMap(([path, message]) => {
      let text: string;
      try {
        text = String(message(1));
      } catch {
        return [];
      }
      const hit = /\b1 (?:more )?([A-Za-z]+s|[A-Za-z]+\(s\))(?=[\s.,)]|$)/.exec(text);
      return hit && !['is', 'was', 'has'].includes(hit[1]) ? [`${path}: ${text}`] : [];
    });
    expect(wrong).toEqual([]);
  });
});
