import type { Locale } from '../types';

/** /staff/jobs: the scheduled jobs' last runs (admins). */
export const jobsMessages = {
  ja: {
    nav: '定期処理',
    title: '定期処理の状況',
    lead: '古いデータの削除や監査ログの確認など、自動で行う処理の最後の実行結果です。処理は一度に1台のサーバーだけが行います。',
    none: 'まだ実行されていません。サーバーの起動から数分後に最初の実行が行われます。',
    name: '処理',
    lastStarted: '最後の開始',
    lastFinished: '最後の終了',
    outcome: '結果',
    ok: '成功',
    failed: '失敗',
    running: '実行中',
    counts: '件数',
    names: { retention: '保存期間を過ぎたデータの削除', 'audit.checkpoint': '監査ログの確認と署名', 'audit.full-check': '監査ログ全体の確認' } as Record<string, string>,
    countNames: {
      refusalSummaries: '拒否の集計を記録', rateLimitBuckets: '回数制限の記録', webauthnChallenges: '期限切れのパスキー確認用データ',
      flowCodeHashes: '終了した手続きの確認コード', outboxBodies: '送信済みメールの本文', helpSearchLog: 'ヘルプ検索の記録',
      authSessions: '終了したログイン', loginThrottle: 'ログイン失敗の記録', error: 'エラー',
    } as Record<string, string>,
  },
  en: {
    nav: 'Jobs',
    title: 'Scheduled jobs',
    lead: 'The last run of each automatic job, such as removing old data or checking the audit log. One server at a time runs each job.',
    none: 'No job has run yet. The first run starts a few minutes after the server starts.',
    name: 'Job',
    lastStarted: 'Last started',
    lastFinished: 'Last finished',
    outcome: 'Result',
    ok: 'OK',
    failed: 'Failed',
    running: 'Running',
    counts: 'Counts',
    names: { retention: 'Remove data past its retention', 'audit.checkpoint': 'Audit log check and signed checkpoint', 'audit.full-check': 'Full audit log check' } as Record<string, string>,
    countNames: {
      refusalSummaries: 'refusal summaries written', rateLimitBuckets: 'rate-limit counters', webauthnChallenges: 'expired passkey challenges',
      flowCodeHashes: 'code hashes of ended recoveries', outboxBodies: 'bodies of delivered emails', helpSearchLog: 'help search log rows',
      authSessions: 'ended sessions', loginThrottle: 'login-failure counters', error: 'error',
    } as Record<string, string>,
  },
} satisfies Record<Locale, unknown>;
