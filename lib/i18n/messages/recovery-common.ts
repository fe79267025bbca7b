import { plural } from '../format';
import { defineCatalog, type Locale } from '../types';
import type { RecoveryError } from '../../recovery/types';

/**
 * Copy every screen of /recovery shares (frame, fields, errors, remaining time). Each step's own words are in
 * recovery-<step>.ts, so a step's client component ships only its slice; recovery.ts joins them all for server
 * code and the JSON API. The customer is locked out and worried: short sentences, say what happens next, never
 * blame (docs/copy-style.md).
 */

export const recoveryCommon = defineCatalog(
  {
    title: 'パスキーの解除',
    stepLabels: {
      credentials: 'ログイン情報',
      secret_question: '秘密の質問',
      account_data: 'お客さま情報',
      otp: '確認コード',
      review: '内容の確認',
      credentials_pin: '取引暗証番号',
      waiting: 'お待ちいただく期間',
      new_password: '新しいパスワード',
    },
    progressLabel: '手続きの進み具合',
    stepOf: (n: number, total: number, label: string) => `ステップ ${n} / ${total}：${label}`,
    stepDone: '完了',
    stepCurrent: '（現在のステップ）',
    helpLink: 'この画面について',
    newTab: '（新しいタブで開きます）',
    next: '次へ',
    working: '確認しています…',
    time: {
      remaining: (left: string, until: string) => `残り時間：${left}（${until}まで）`,
      minutes: (m: number) => `${m}分`,
      seconds: (s: number) => `${s}秒`,
      warning: 'まもなく時間切れです。続けるときは「時間を延長する」を押してください。入力中の内容は消えません。',
      extend: '時間を延長する',
      extending: '延長しています…',
      extended: (until: string) => `時間を延長しました。${until}まで続けられます。`,
      noMore: 'これ以上は延長できません。時間内に最後まで進めてください。',
      ended: '時間切れになりました。',
    },
    attemptsLeft: (n: number) =>
      `あと${n}回間違えると、安全のためこの手続きを停止します。停止したあとも、最初からやり直せます。`,
    cancel: {
      open: '手続きをやめる',
      question: '手続きをやめますか？',
      body: 'ここまでの入力内容は破棄されます。パスキー、パスワード、ログインの設定は変わりません。',
      confirm: 'やめる',
      keep: '手続きを続ける',
    },
    restart: '最初からやり直す',
    previewNotice: 'プレビューのため、送信はしていません（データは変わりません）。',
    fields: {
      loginId: 'ログインID',
      password: 'パスワード',
      answer: '秘密の質問の答え',
      birthDate: '生年月日',
      branchCode: '部店コード',
      accountNumber: '口座番号',
      code: '確認コード',
      referenceNumber: '受付番号',
      lockCode: 'ロックコード',
    },
    fieldErrors: {
      required: (label: string) => `${label}を入力してください。`,
      too_long: (label: string) => `${label}が長すぎます。`,
      format: (label: string) => `${label}の形式をご確認ください。`,
      confirm_required: '内容をご確認のうえ、チェックを入れてください。',
    },
    formatHints: {
      birthDate:
        '生年月日として読み取れませんでした。西暦の8桁（例：19850412）か、和暦（例：昭和60年4月12日）で入力してください。',
      branchCode: '3桁の数字で入力してください。',
      accountNumber: '7桁の数字で入力してください。',
      code: '6桁の数字で入力してください。',
      referenceNumber: '「R-」で始まる受付番号を入力してください（例：R-20261125-7KQ4M2）。',
      lockCode: '8文字の英数字で入力してください。',
    },
    errors: {
      invalid_input: '入力内容をご確認ください。',
      verification_failed:
        '入力いただいた内容が、ご登録の内容と一致しませんでした。お手元の書類などで確かめて、もう一度入力してください。',
      otp_expired: 'この確認コードは有効期限が切れています。「コードを再送する」から新しいコードを受け取ってください。',
      otp_exhausted:
        'この確認コードは入力できる回数を超えました。「コードを再送する」から新しいコードを受け取ってください。',
      otp_none: '有効な確認コードがありません。「コードを再送する」から新しいコードを受け取ってください。',
      wrong_step: 'この画面の手続きは、すでに先へ進んでいるか終わっています。最新の状態を表示しました。',
      flow_expired: '手続きの有効期限が切れました。お手数ですが、最初からやり直してください。',
      locked: '安全のため、この手続きを停止しました。',
      rate_limited: (minutes: number) => `操作の回数が多すぎます。${minutes}分ほどおいてから、もう一度お試しください。`,
      resend_wait: (seconds: number) => `コードの再送は、${seconds}秒後からできます。`,
      resend_limit: 'これ以上コードを再送できません。届かない場合は「この画面について」をご覧ください。',
      extend_limit: 'これ以上は時間を延長できません。時間内に最後まで進めてください。',
      unavailable: 'ただいま処理できませんでした。内容は変更されていません。少し時間をおいて、もう一度お試しください。',
      weak_password: 'このパスワードは使えません。別のパスワードを入力してください。',
    },
  },
  {
    title: 'Remove your passkeys',
    stepLabels: {
      credentials: 'Login details',
      secret_question: 'Secret question',
      account_data: 'Your details',
      otp: 'Confirmation code',
      review: 'Review',
      credentials_pin: 'Trading PIN',
      waiting: 'Waiting period',
      new_password: 'New password',
    },
    progressLabel: 'Progress',
    stepOf: (n: number, total: number, label: string) => `Step ${n} of ${total}: ${label}`,
    stepDone: 'Done',
    stepCurrent: ' (current step)',
    helpLink: 'About this screen',
    newTab: ' (opens in a new tab)',
    next: 'Next',
    working: 'Checking…',
    time: {
      remaining: (left: string, until: string) => `Time left: ${left} (until ${until})`,
      minutes: (m: number) => plural(m, 'min', 'min'),
      seconds: (s: number) => plural(s, 'second'),
      warning: 'Time is almost up. To keep going, press “Give me more time”. What you have typed stays.',
      extend: 'Give me more time',
      extending: 'Extending…',
      extended: (until: string) => `Done: you can continue until ${until}.`,
      noMore: 'No more time can be added. Please finish within the time left.',
      ended: 'Time is up.',
    },
    attemptsLeft: (n: number) =>
      `After ${plural(n, 'more mistake')} we will stop this request for your safety. You can start again afterwards.`,
    cancel: {
      open: 'Stop this request',
      question: 'Stop this request?',
      body: 'What you have entered will be discarded. Your passkeys, password and login settings stay as they are.',
      confirm: 'Stop',
      keep: 'Continue',
    },
    restart: 'Start again',
    previewNotice: 'Preview: nothing was sent and no data changed.',
    fields: {
      loginId: 'Login ID',
      password: 'Password',
      answer: 'Answer to your secret question',
      birthDate: 'Date of birth',
      branchCode: 'Branch code',
      accountNumber: 'Account number',
      code: 'Confirmation code',
      referenceNumber: 'Reference number',
      lockCode: 'Lock code',
    },
    fieldErrors: {
      required: (label: string) => `${label} is required.`,
      too_long: (label: string) => `${label} is too long.`,
      format: (label: string) => `Please check the format of “${label}”.`,
      confirm_required: 'Please review the list and tick the box.',
    },
    formatHints: {
      birthDate:
        'We could not read this as a date. Enter 8 digits (e.g. 19850412) or a Japanese era date (e.g. S60.4.12).',
      branchCode: 'Enter 3 digits.',
      accountNumber: 'Enter 7 digits.',
      code: 'Enter the 6 digits.',
      referenceNumber: 'Enter the number starting with “R-” (e.g. R-20261125-7KQ4M2).',
      lockCode: 'Enter the 8 letters and digits.',
    },
    errors: {
      invalid_input: 'Please check what you entered.',
      verification_failed:
        'What you entered does not match our records. Please check it against your documents and try again.',
      otp_expired: 'This code has expired. Use “Send the code again” to get a new one.',
      otp_exhausted: 'This code has been tried too many times. Use “Send the code again” to get a new one.',
      otp_none: 'There is no valid code. Use “Send the code again” to get a new one.',
      wrong_step: 'This step has already moved on or finished. We are showing where you are now.',
      flow_expired: 'Your time ran out. Please start again.',
      locked: 'We stopped this request for your safety.',
      rate_limited: (minutes: number) =>
        `Too many attempts. Please wait about ${plural(minutes, 'minute')} and try again.`,
      resend_wait: (seconds: number) => `You can ask for a new code in ${plural(seconds, 'second')}.`,
      resend_limit: 'No more codes can be sent. If none arrived, see “About this screen”.',
      extend_limit: 'No more time can be added. Please finish within the time left.',
      unavailable: 'We could not process this right now. Nothing was changed. Please try again shortly.',
      weak_password: 'This password cannot be used. Please choose another one.',
    },
  },
);

export type RecoveryCommonMessages = (typeof recoveryCommon)['ja'];

/** The message for a recovery error, the same on the web steps and in the JSON API. */
export function recoveryErrorMessage(e: RecoveryError, locale: Locale): string {
  const t = recoveryCommon[locale].errors;
  switch (e.code) {
    case 'rate_limited':
      if (e.reason === 'otp_resend_interval') return t.resend_wait(e.retryAfter);
      if (e.reason === 'otp_send_limit') return t.resend_limit;
      return t.rate_limited(Math.max(1, Math.ceil(e.retryAfter / 60)));
    case 'verification_failed':
      if (e.otp === 'expired') return t.otp_expired;
      if (e.otp === 'exhausted') return t.otp_exhausted;
      if (e.otp === 'none') return t.otp_none;
      return t.verification_failed;
    default:
      return ((t as Record<string, unknown>)[e.code] as string) ?? t.unavailable;
  }
}
