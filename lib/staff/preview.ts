import type { Locale } from '../i18n/types';
import { PROGRESS_STEPS_BY_KIND, type FlowKind, type RecoveryStep } from '../recovery/flow';
import { passwordPreviewViews, recoveryPreviewViews } from '../recovery/preview';
import type { RecoveryError, RecoveryView } from '../recovery/types';

/**
 * The staff console's previews (docs/design.md#preview): every state of the recovery flow, error states included, and
 * every notification email — sample data only. Pure: nothing here reads or writes the database.
 */

export type PreviewCase = {
  id: string;
  step: RecoveryStep;
  kind: 'state' | 'error';
  label: { ja: string; en: string };
  /** An error the screen shows as if the last submit had returned it. */
  flash?: RecoveryError;
  /**
   * Field errors are produced by the screen's own form validation: the preview types these values and
   * submits in the browser (preview mode: nothing is sent).
   */
  fill?: Record<string, string>;
  /**
   * The forgotten-password kind's screen of a step (docs/design.md#forgotten-password): its step indicator
   * counts that kind's seven steps; its intro, review and done pages are its own.
   */
  flowKind?: 'password';
};

export { emailPreviews, type EmailPreview } from './preview-emails';

const STATE_LABELS: Record<RecoveryStep, { ja: string; en: string }> = {
  intro: { ja: 'はじめに', en: 'Introduction' },
  credentials: { ja: 'ログインID・パスワード', en: 'Login ID and password' },
  secret_question: { ja: '秘密の質問', en: 'Secret question' },
  account_data: { ja: '口座情報', en: 'Account details' },
  otp: { ja: '確認コード', en: 'Email code' },
  review: { ja: '最終確認', en: 'Review' },
  done: { ja: '完了', en: 'Done' },
  expired: { ja: '期限切れ', en: 'Expired' },
  locked: { ja: '停止', en: 'Stopped' },
  cancelled: { ja: '中止', en: 'Cancelled' },
  credentials_pin: { ja: 'ログインID・取引暗証番号', en: 'Login ID and trading PIN' },
  waiting: { ja: '待機期間', en: 'Waiting period' },
  new_password: { ja: '新しいパスワード', en: 'New password' },
};

const ENDS = ['expired', 'locked', 'cancelled'] as const satisfies readonly RecoveryStep[];
/** The screens before and after the indicator's steps, of either kind. */
const PASSKEY_STATES: readonly RecoveryStep[] = ['intro', ...PROGRESS_STEPS_BY_KIND.passkey, 'done', ...ENDS];
const PASSWORD_STATES: readonly RecoveryStep[] = ['intro', ...PROGRESS_STEPS_BY_KIND.password, 'done', ...ENDS];
/** Steps only the password kind has: their ids need no suffix. */
const PASSWORD_ONLY: readonly RecoveryStep[] = ['credentials_pin', 'waiting', 'new_password'];

const KIND_SUFFIX = { ja: '（パスワード再設定）', en: ' (password reset)' };

function passwordCase(step: RecoveryStep): PreviewCase {
  if (PASSWORD_ONLY.includes(step))
    return { id: step, step, kind: 'state', flowKind: 'password', label: STATE_LABELS[step] };
  const l = STATE_LABELS[step];
  return {
    id: `${step.replace(/_/g, '-')}-password`,
    step,
    kind: 'state',
    flowKind: 'password',
    label: { ja: `${l.ja}${KIND_SUFFIX.ja}`, en: `${l.en}${KIND_SUFFIX.en}` },
  };
}

export const PREVIEW_CASES: readonly PreviewCase[] = [
  ...PASSKEY_STATES.map((step): PreviewCase => ({ id: step, step, kind: 'state', label: STATE_LABELS[step] })),
  ...PASSWORD_STATES.map(passwordCase),
  {
    id: 'credentials-field-error',
    step: 'credentials',
    kind: 'error',
    fill: { loginId: '', password: '' },
    label: { ja: '入力エラー（未入力）', en: 'Field errors (empty)' },
  },
  {
    id: 'account-data-field-error',
    step: 'account_data',
    kind: 'error',
    fill: { birthDate: '1985/13/40', branchCode: '12', accountNumber: '12345' },
    label: { ja: '入力エラー（形式）', en: 'Field errors (format)' },
  },
  {
    id: 'credentials-verification-failed',
    step: 'credentials',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 3 },
    label: { ja: '本人確認の失敗', en: 'Verification failed' },
  },
  {
    id: 'secret-question-last-attempt',
    step: 'secret_question',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 1 },
    label: { ja: '本人確認の失敗（残り1回）', en: 'Verification failed (1 attempt left)' },
  },
  {
    id: 'otp-expired',
    step: 'otp',
    kind: 'error',
    flash: { code: 'verification_failed', attemptsLeft: 3, otp: 'expired' },
    label: { ja: '確認コードの期限切れ', en: 'Code expired' },
  },
  {
    id: 'otp-resend-wait',
    step: 'otp',
    kind: 'error',
    flash: { code: 'rate_limited', retryAfter: 42, reason: 'otp_resend_interval' },
    label: { ja: 'コード再送の待ち時間', en: 'Resend: please wait' },
  },
  {
    id: 'rate-limited',
    step: 'credentials',
    kind: 'error',
    flash: { code: 'rate_limited', retryAfter: 1800, reason: 'ip' },
    label: { ja: '試行回数の上限', en: 'Too many attempts' },
  },
  {
    id: 'review-unavailable',
    step: 'review',
    kind: 'error',
    flash: { code: 'unavailable' },
    label: { ja: '一時的なエラー', en: 'Temporary error' },
  },
  {
    id: 'credentials-pin-failed',
    step: 'credentials_pin',
    kind: 'error',
    flowKind: 'password',
    flash: { code: 'verification_failed', attemptsLeft: 2 },
    label: { ja: '取引暗証番号の不一致', en: 'Trading PIN did not match' },
  },
  {
    id: 'new-password-weak',
    step: 'new_password',
    kind: 'error',
    flowKind: 'password',
    flash: { code: 'weak_password', reasons: ['common', 'contains_login_id'] },
    label: { ja: '弱いパスワードの拒否', en: 'Weak password refused' },
  },
  {
    id: 'new-password-field-error',
    step: 'new_password',
    kind: 'error',
    flowKind: 'password',
    fill: { password: 'short', confirmPassword: 'other' },
    label: { ja: '入力エラー（新しいパスワード）', en: 'Field errors (new password)' },
  },
];

/**
 * Pages of the password kind outside the flow's screens: 「ログインIDをお忘れの方」 and its one answer
 * (docs/design.md#forgotten-login-id), and /recovery/resume, where a waiting flow continues.
 */
export type PagePreview = {
  id: 'login-id' | 'login-id-answer' | 'resume';
  label: { ja: string; en: string };
};

export const PAGE_PREVIEWS: readonly PagePreview[] = [
  { id: 'login-id', label: { ja: 'ログインIDをお忘れの方', en: 'Forgot your login ID?' } },
  { id: 'login-id-answer', label: { ja: 'ログインIDのお知らせ（回答）', en: 'Login ID reminder (answer)' } },
  { id: 'resume', label: { ja: '手続きの再開', en: 'Resume a password reset' } },
];

export function findPagePreview(id: string): PagePreview | undefined {
  return PAGE_PREVIEWS.find((p) => p.id === id);
}

/** The cases of one flow kind, for the preview index. */
export function previewCasesOf(kind: FlowKind, type: PreviewCase['kind']): PreviewCase[] {
  return PREVIEW_CASES.filter((c) => c.kind === type && (c.flowKind ?? 'passkey') === kind);
}

export function findPreviewCase(id: string): PreviewCase | undefined {
  return PREVIEW_CASES.find((c) => c.id === id);
}

/** The sample screen of a case, in a language. */
export function previewView(c: PreviewCase, locale: Locale, now = new Date()): RecoveryView {
  return (c.flowKind === 'password' ? passwordPreviewViews : recoveryPreviewViews)(locale, now)[c.step];
}
