import { plural } from '../format';
import { defineCatalog } from '../types';

/** Staff console, /staff/audit. Japanese first; English by meaning. */
export const staffAuditMessages = defineCatalog(
  {
    audit: {
      title: '監査ログ',
      lead: 'すべての操作の記録です。記録は追記のみで、変更・削除はできません。',
      filters: '絞り込み',
      action: '操作（前方一致）',
      actionHint: '例：staff.forced_reset、recovery',
      customer: 'お客さま（ログインIDまたはID）',
      actor: '実行者（スタッフのメールアドレス、ログインIDまたはID）',
      from: '開始日',
      to: '終了日',
      dateHint: 'YYYY-MM-DD（日本時間）',
      apply: '絞り込む',
      clear: '条件をクリア',
      at: '日時',
      actionCol: '操作',
      actorCol: '実行者',
      customerCol: 'お客さま',
      ip: 'IPアドレス',
      details: '詳細',
      allDetails: 'すべて表示',
      none: '該当する記録はありません。',
      next: '次の50件',
      first: '最新に戻る',
      chainTitle: '改ざんチェック（ハッシュチェーン）',
      chainOk: (n: number) => `正常です。${n}件の記録を確認しました。`,
      chainBroken: (id: number) =>
        `記録の改ざんまたは破損を検知しました（ID ${id} の記録）。ただちにセキュリティ担当へ連絡してください。`,
      chainAdminOnly: '改ざんチェックは管理者が実行できます。',
      chainBrokenLead: '記録の改ざんまたは破損を検知しました。ただちにセキュリティ担当へ連絡してください。',
      chainRange: (from: number, to: number, rows: number) =>
        from === to ? `ID ${from} の記録` : `ID ${from}〜${to} の記録（${rows}件）`,
      chainMoreRanges: (n: number) => `ほかに ${n} か所あります。`,
      chainHeadMismatch:
        '最新の記録がチェーンの先頭（audit_chain_head）と一致しません。末尾が削除または書き換えられた可能性があります。',
      chainHeadMissing: 'チェーンの先頭（audit_chain_head）がありません。',
      chainCheckpointIssue: (id: number, eventId: number) =>
        `署名済みチェックポイント #${id}（記録 ID ${eventId} まで）と一致しません。`,
      chainLastRun: (at: string, full: boolean) =>
        `${at} に実行した${full ? '全件チェック' : '定期チェック'}の結果です。`,
      chainNever: 'まだチェックを実行していません。定期チェックは数分以内に始まります。',
      chainRunFailed: '前回のチェックは途中で止まりました。もう一度実行してください。',
      chainLastFull: (at: string, ok: boolean) => `前回の全件チェック：${at}（${ok ? '正常' : '異常あり'}）`,
      chainNoSigningKey:
        '署名鍵（AUDIT_SIGNING_KEY）が設定されていないため、署名付きチェックポイントを作成していません。',
      chainStartFull: '全件チェックを開始',
      chainFullHint: '全件チェックはバックグラウンドで実行します。このページで進み具合を確認できます。',
      chainQueued: '全件チェックの開始を待っています。',
      chainProgress: (done: number, total: number | null) =>
        total
          ? `全件チェックを実行中です（${done.toLocaleString('ja-JP')} / ${total.toLocaleString('ja-JP')} 件）。`
          : `全件チェックを実行中です（${done.toLocaleString('ja-JP')} 件）。`,
      chainRefresh: '表示を更新',
      actorTypes: { customer: 'お客さま', staff: 'スタッフ', system: 'システム', anonymous: '匿名' },
    },
  },
  {
    audit: {
      title: 'Audit log',
      lead: 'Every recorded action. The log is append-only: records cannot be changed or deleted.',
      filters: 'Filters',
      action: 'Action (prefix)',
      actionHint: 'e.g. staff.forced_reset, recovery',
      customer: 'Customer (login ID or ID)',
      actor: 'Actor (staff email, login ID or ID)',
      from: 'From',
      to: 'To',
      dateHint: 'YYYY-MM-DD (Japan time)',
      apply: 'Filter',
      clear: 'Clear filters',
      at: 'Time',
      actionCol: 'Action',
      actorCol: 'Actor',
      customerCol: 'Customer',
      ip: 'IP address',
      details: 'Details',
      allDetails: 'Show all',
      none: 'No matching records.',
      next: 'Next 50',
      first: 'Back to newest',
      chainTitle: 'Tamper check (hash chain)',
      chainOk: (n: number) => `Intact. ${plural(n, 'record')} checked.`,
      chainBroken: (id: number) => `Tampering or damage detected (record ID ${id}). Contact the security team now.`,
      chainAdminOnly: 'Administrators can run the tamper check.',
      chainBrokenLead: 'Tampering or damage detected. Contact the security team now.',
      chainRange: (from: number, to: number, rows: number) =>
        from === to ? `Record ID ${from}` : `Records ID ${from}–${to} (${rows})`,
      chainMoreRanges: (n: number) => `${plural(n, 'more place')}.`,
      chainHeadMismatch:
        'The newest record does not match the chain head (audit_chain_head): the end of the log may have been removed or rewritten.',
      chainHeadMissing: 'The chain head (audit_chain_head) is missing.',
      chainCheckpointIssue: (id: number, eventId: number) =>
        `Does not match signed checkpoint #${id} (up to record ID ${eventId}).`,
      chainLastRun: (at: string, full: boolean) =>
        `Result of the ${full ? 'full check' : 'scheduled check'} run at ${at}.`,
      chainNever: 'No check has run yet. The scheduled check starts within a few minutes.',
      chainRunFailed: 'The last check stopped before it finished. Please run it again.',
      chainLastFull: (at: string, ok: boolean) => `Last full check: ${at} (${ok ? 'intact' : 'problems found'})`,
      chainNoSigningKey: 'No signing key (AUDIT_SIGNING_KEY) is configured, so no signed checkpoints are written.',
      chainStartFull: 'Start a full check',
      chainFullHint: 'The full check runs in the background. Follow its progress on this page.',
      chainQueued: 'The full check is waiting to start.',
      chainProgress: (done: number, total: number | null) =>
        total
          ? `Full check running (${done.toLocaleString('en-GB')} / ${total.toLocaleString('en-GB')} records).`
          : `Full check running (${done.toLocaleString('en-GB')} records).`,
      chainRefresh: 'Refresh',
      actorTypes: { customer: 'Customer', staff: 'Staff', system: 'System', anonymous: 'Anonymous' },
    },
  },
);
