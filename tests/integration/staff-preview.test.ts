import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { AppRouterContext } from 'next/dist/shared/lib/app-router-context.shared-runtime';
import { RecoveryScreen } from '../../app/recovery/_components';
import { PreviewFrame } from '../../app/staff/(console)/preview/preview-frame';
import { PasskeysTable } from '../../app/staff/(console)/customers/[id]/passkeys-table';
import { AuditDetails } from '../../app/staff/(console)/_ui/audit-details';
import { PagePreviewFrame } from '../../app/staff/(console)/preview/page-preview';
import { emailPreviews, PAGE_PREVIEWS, PREVIEW_CASES, previewCasesOf, previewView } from '../../lib/staff/preview';
import { PROGRESS_STEPS_BY_KIND } from '../../lib/recovery/flow';
import { findCustomers } from '../../lib/staff/customers';
import { recoveryPreviewViews } from '../../lib/recovery/preview';
import { RECOVERY_STEPS } from '../../lib/recovery/flow';
import type { RecoveryView } from '../../lib/recovery/types';
import { createTestDatabase, snapshot, type Snapshot, type TestDatabase } from '../support/db';
import { seedStaffCast, type StaffCast } from '../support/staff-fixtures';

/*
 * RT-29: previews write nothing, show only masked sample data, and escape customer-supplied text.
 * The screens are the real /recovery components, rendered on the server as the preview page does;
 * a router context stands in for the one Next provides in a browser (nothing navigates here).
 */

const SNAPSHOT_ALL = [
  'customers',
  'passkeys',
  'recovery_flows',
  'notification_outbox',
  'audit_events',
  'staff_reset_requests',
  'staff_users',
  'rate_limit_buckets',
  'webauthn_challenges',
  'help_articles',
  'help_search_log',
  'help_feedback',
];

const router = { back() {}, forward() {}, refresh() {}, push() {}, replace() {}, prefetch() {} };
function render(el: ReactElement): string {
  return renderToStaticMarkup(createElement(AppRouterContext.Provider, { value: router as never }, el));
}

let t: TestDatabase;
let cast: StaffCast;
let before: Snapshot;
const markup: string[] = [];
const pages: Record<string, Record<'ja' | 'en', string>> = {};
/** The markup of a case in a language (rendered once in beforeAll). */
const byCase: Record<string, Record<'ja' | 'en', string>> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  cast = await seedStaffCast(t.db);
  before = await snapshot(t.db, SNAPSHOT_ALL);
  for (const c of PREVIEW_CASES) {
    for (const locale of ['ja', 'en'] as const) {
      markup.push(
        render(
          createElement(PreviewFrame, {
            view: previewView(c, locale),
            locale,
            flash: c.flash,
            fill: c.fill,
            submittedText: 'x',
          }),
        ),
      );
      (byCase[c.id] ??= { ja: '', en: '' })[locale] = markup[markup.length - 1];
    }
  }
  for (const e of emailPreviews()) markup.push(`${e.email.subject}\n${e.email.body}`);
  for (const p of PAGE_PREVIEWS)
    for (const locale of ['ja', 'en'] as const)
      (pages[p.id] ??= { ja: '', en: '' })[locale] = render(
        createElement(PagePreviewFrame, { page: p.id, locale, submittedText: 'x' }),
      );
});
afterAll(async () => {
  await t?.drop();
});

describe('RT-29 previews of the recovery flow', () => {
  it('cover every state of the flow, in Japanese and English, and error states', () => {
    const states = new Set(PREVIEW_CASES.filter((c) => c.kind === 'state').map((c) => c.step));
    expect([...states].sort()).toEqual([...RECOVERY_STEPS].sort());
    expect(PREVIEW_CASES.filter((c) => c.kind === 'error').length).toBeGreaterThanOrEqual(4);
    expect(PREVIEW_CASES.some((c) => c.fill)).toBe(true); // a field error
    expect(PREVIEW_CASES.some((c) => c.flash?.code === 'verification_failed')).toBe(true); // a verification failure
    expect(markup).toHaveLength(PREVIEW_CASES.length * 2 + emailPreviews().length);
    const ja = render(
      createElement(PreviewFrame, { view: previewView(PREVIEW_CASES[1], 'ja'), locale: 'ja', submittedText: 'x' }),
    );
    const en = render(
      createElement(PreviewFrame, { view: previewView(PREVIEW_CASES[1], 'en'), locale: 'en', submittedText: 'x' }),
    );
    expect(ja).toContain('ログインID');
    expect(en).toContain('Login ID');
    expect(ja).toContain('data-mode="preview"');
  });

  it('render with the real components in preview mode, and their forms cannot post to a server action', () => {
    for (const html of markup.slice(0, PREVIEW_CASES.length * 2)) {
      expect(html).toContain('data-mode="preview"');
      expect(html).not.toContain('$ACTION_ID');
      expect(html).not.toMatch(/<form[^>]*\saction=/);
    }
    // The verification-failure state shows the screen's own error message.
    const failed = render(
      createElement(PreviewFrame, {
        view: previewView(
          PREVIEW_CASES.find((c) => c.id === 'credentials-verification-failed')!,
          'ja',
        ),
        locale: 'ja',
        flash: { code: 'verification_failed', attemptsLeft: 3 },
        submittedText: 'x',
      }),
    );
    expect(failed).toContain('data-code="verification_failed"');
  });

  it("show the password kind's own states: the PIN step, the wait with its resume time, the new password, its review and done", () => {
    for (const step of ['credentials_pin', 'waiting', 'new_password'] as const) {
      const c = PREVIEW_CASES.find((x) => x.id === step)!;
      expect(previewView(c, 'ja')).toMatchObject({ step, kind: 'password' });
    }
    expect(
      previewView(
        PREVIEW_CASES.find((x) => x.id === 'waiting')!,
        'ja',
      ),
    ).toMatchObject({ resumeAt: expect.any(String), referenceNumber: expect.stringMatching(/^R-/) });
    const review = PREVIEW_CASES.find((x) => x.id === 'review-password')!;
    expect(previewView(review, 'ja')).toMatchObject({ step: 'review', kind: 'password', passwordChange: true });
    expect(
      previewView(
        PREVIEW_CASES.find((x) => x.id === 'review')!,
        'ja',
      ),
    ).toMatchObject({ step: 'review', kind: 'passkey' });
    expect(
      previewView(
        PREVIEW_CASES.find((x) => x.id === 'done-password')!,
        'en',
      ),
    ).toMatchObject({ step: 'done', kind: 'password', result: { passwordChanged: true } });
    expect(review.label.ja).toContain('パスワード');
  });

  it("show every state of the password kind with that kind's seven-step indicator", () => {
    const states = previewCasesOf('password', 'state');
    expect(states.map((c) => c.step).sort()).toEqual(
      ['intro', ...PROGRESS_STEPS_BY_KIND.password, 'done', 'expired', 'locked', 'cancelled'].sort(),
    );
    for (const c of states) expect(previewView(c, 'ja').kind).toBe('password');
    // A step both kinds share counts the password kind's steps when it belongs to it.
    expect(byCase['secret-question-password'].ja).toContain('ステップ 2 / 7：');
    expect(byCase['secret_question'].ja).toContain('ステップ 2 / 5：');
    expect(byCase['otp-password'].en).toContain('Step 4 of 7: ');
    expect(byCase['credentials_pin'].ja).toContain('ステップ 1 / 7：');
    expect(byCase['credentials_pin'].ja).toContain('取引暗証番号');
    expect(byCase['new_password'].ja).toContain('ステップ 6 / 7：');
    expect(byCase['review-password'].ja).toContain('ステップ 7 / 7：');
    // Its own intro, not the passkey kind's.
    expect(byCase['intro-password'].ja).not.toEqual(byCase['intro'].ja);
  });

  it('show the wait with its 受付番号 and resume time, and a weak password refused with its reasons', () => {
    const waiting = byCase['waiting'];
    expect(waiting.ja).toContain('受付番号');
    expect(waiting.ja).toContain('R-20261125-7KQ4M2');
    expect(waiting.ja).toContain('再開できる日時');
    expect(waiting.en).toContain('R-20261125-7KQ4M2');
    const weak = byCase['new-password-weak'];
    expect(weak.ja).toContain('data-code="weak_password"');
    expect(weak.ja).toContain('よく使われているパスワードのため、他人に推測されやすくなっています。');
    expect(weak.ja).toContain('ログインIDがふくまれています。');
    expect(weak.en).toContain('data-testid="weak-password-reasons"');
    expect(byCase['credentials-pin-failed'].ja).toContain('data-code="verification_failed"');
  });

  it('show the login-ID reminder page, its one answer and the resume page, with forms that cannot post', () => {
    expect(pages['login-id'].ja).toContain('ログインIDをお忘れの方');
    for (const label of ['生年月日', '部店コード', '口座番号', '登録メールアドレス'])
      expect(pages['login-id'].ja).toContain(label);
    expect(pages['login-id'].en).toContain('Forgot your login ID?');
    expect(pages['login-id-answer'].ja).toContain(
      'ご入力の内容が登録内容と一致した場合、登録メールアドレスにログインIDをお送りしました。',
    );
    expect(pages['login-id-answer'].ja).not.toContain('<form');
    expect(pages['resume'].ja).toContain('手続きの再開');
    expect(pages['resume'].ja).toContain('受付番号');
    for (const p of Object.values(pages))
      for (const html of [p.ja, p.en]) {
        expect(html).toContain('data-mode="preview"');
        expect(html).not.toContain('$ACTION_ID');
        expect(html).not.toMatch(/<form[^>]*\saction=/);
      }
  });

  it('show every email of the password kind: its code, the waiting notice with the lock code, completion, the login ID', () => {
    const mail = Object.fromEntries(emailPreviews().map((e) => [e.id, e]));
    expect(mail['recovery_otp_password'].email.body).toContain(
      'パスワードの再設定の手続きで使う、確認コードをお送りします。',
    );
    const waiting = mail['password_reset_waiting'].email;
    expect(waiting.template).toBe('password_reset_waiting');
    expect(waiting.body).toContain('受付番号：R-20261125-7KQ4M2');
    expect(waiting.body).toContain('再開できる日時：');
    expect(waiting.body).toContain('ロックコード：ABCD2345');
    expect(mail['password_reset_completed'].email.subject).toContain('パスワードを再設定しました');
    expect(mail['password_reset_completed'].email.body).toContain('ロックコード：ABCD2345');
    expect(mail['login_id_reminder'].email.template).toBe('login_id_reminder');
    expect(mail['login_id_reminder'].email.body).toContain('ログインID：demo-sample');
    expect(mail['login_id_reminder'].email.body).toContain('ロックコード：ABCD2345');
    expect(new Set(emailPreviews().map((e) => e.id)).size).toBe(emailPreviews().length);
  });

  it('write nothing: every table is identical before and after rendering every preview and email', async () => {
    const after = await snapshot(t.db, SNAPSHOT_ALL);
    expect(after).toEqual(before);
  });

  it('show only fictitious, masked data: no full account number, birth date, code hash or real address', () => {
    const all = markup.join('\n');
    expect(all).not.toContain('1234567');
    expect(all).not.toContain('1985-04-12');
    expect(all).not.toContain('locked@example.jp');
    expect(all).not.toContain('$argon2');
    expect(all).toContain('t***@example.jp');
    for (const e of emailPreviews()) expect(e.email.body).not.toMatch(/https?:\/\/|www\./);
  });

  it('customer lookups show the account number masked but for its last four digits', async () => {
    const res = await findCustomers(t.db, cast.viewer, { branchCode: '１０１', accountNumber: '１２３４５６７' });
    expect(res).toMatchObject({ ok: true, data: [{ loginId: 'demo-locked', accountMasked: '***4567' }] });
    expect(JSON.stringify(res)).not.toContain('1234567');
  });
});

describe('RT-29 customer-supplied text is escaped wherever staff see it', () => {
  const evil = '<script>alert("x")</script><img src=x onerror=alert(1)>';

  it('in the recovery review screen (a passkey nickname)', () => {
    const sample = recoveryPreviewViews('ja').review;
    const view: RecoveryView = { ...sample, passkeys: [{ ...sample.passkeys[0], nickname: evil }] };
    const html = render(createElement(RecoveryScreen, { view, locale: 'ja', mode: 'preview' }));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
  });

  it('in the staff customer page’s passkey table', () => {
    const html = render(
      createElement(PasskeysTable, {
        locale: 'ja',
        passkeys: [
          {
            credentialIdShort: 'abc…',
            nickname: evil,
            authenticator: 'iCloud キーチェーン',
            deviceType: 'multiDevice',
            backedUp: true,
            createdAt: new Date(),
            lastUsedAt: null,
            revokedAt: new Date(),
            revokedReason: 'staff_forced_reset',
            revokedBy: `staff-reset:${evil}`,
          },
        ],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
  });

  it('in audit details (e.g. a login ID typed into the recovery form)', () => {
    const html = render(
      createElement(AuditDetails, { details: { loginId: evil, userAgent: `Mozilla ${evil}` }, moreLabel: 'more' }),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;');
  });
});
