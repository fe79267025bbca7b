import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { RecoveryScreen } from '../../app/recovery/_components';
import * as templates from '../../lib/notify/templates';
import { recoveryPreviewViews } from '../../lib/recovery/preview';

/*
 * Issue #15: the support line in every email is the one the locked screens show — the same two numbers
 * under the same labels and the same hours (weekends included), from one source (lib/recovery/support-hours.ts).
 * The footer once said 「平日 8:30〜17:00」 while the screens said otherwise.
 */
const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The locked screen's support section as text: its heading, label/number pairs and the hours. */
function screenSupport(locale: 'ja' | 'en', lock: 'flow' | 'account') {
  const view = { ...recoveryPreviewViews(locale).locked, lock, lockedUntil: new Date().toISOString() };
  const html = renderToStaticMarkup(
    createElement(
      AppRouterContext.Provider,
      { value: router as never },
      createElement(RecoveryScreen, { view, locale, mode: 'preview' }),
    ),
  );
  const section = /<section[^>]*data-testid="support-line"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
  if (!section) throw new Error('no support line on the locked screen');
  const text = (re: RegExp) => [...section.matchAll(re)].map((m) => decode(m[1].replace(/<[^>]+>/g, '').trim()));
  const labels = text(/<dt[^>]*>([\s\S]*?)<\/dt>/g);
  const numbers = text(/<dd[^>]*>([\s\S]*?)<\/dd>/g);
  return {
    title: text(/<h2[^>]*>([\s\S]*?)<\/h2>/g)[0],
    pairs: labels.map((l, i) => [l, numbers[i]] as const),
    hours: text(/<p[^>]*>([\s\S]*?)<\/p>/g)[0],
  };
}

const base = { name: '山田 太郎', at: new Date('2026-11-25T01:02:03Z'), lockCode: 'K7M2Q9XH' };

describe('the support line in mail and on the locked screens agree', () => {
  for (const lang of ['ja', 'en'] as const) {
    it(`${lang}: every email prints the locked screen’s numbers, labels and hours, in both footers`, () => {
      const other = lang === 'ja' ? 'en' : 'ja';
      for (const lock of ['flow', 'account'] as const) {
        const mine = screenSupport(lang, lock);
        const theirs = screenSupport(other, lock);
        expect(mine.pairs).toHaveLength(2);
        expect(mine.hours).toMatch(lang === 'ja' ? /平日 .*土日・祝日/ : /weekdays.*weekends/);
        for (const mail of [
          templates.otpEmail({ ...base, lang, code: '123456', minutes: 10 }),
          templates.recoveryLockedEmail({ ...base, lang, hours: 24 }),
          templates.loginIdReminderEmail({ ...base, lang, loginId: 'taro01' }),
        ]) {
          for (const s of [mine, theirs]) {
            const sep = s === mine ? (lang === 'ja' ? '：' : ': ') : lang === 'ja' ? ': ' : '：';
            expect(mail.body).toContain(`\n${s.title}\n`);
            for (const [label, number] of s.pairs) expect(mail.body).toContain(`\n${label}${sep}${number}\n`);
            expect(mail.body).toContain(`\n${s.hours}\n`);
          }
          expect(mail.body).not.toContain('8:30〜17:00');
        }
      }
    });
  }
});

describe('no catalog writes the support hours by hand', () => {
  it('the site footer and the help pages take the hours from the same source (no time range in a catalog)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../../lib/i18n/messages/', import.meta.url);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(/\d{1,2}:\d{2}\s*[〜~–-]\s*\d{1,2}:\d{2}/);
    }
  });
});
