import { defineCatalog } from '../types';

/** Staff console, The recovery unlock form on the customer page. Japanese first; English by meaning. */
export const staffUnlockMessages = defineCatalog(
  {
    unlock: {
      title: '本人確認手続きの停止の解除',
      lead: '本人確認に何度も失敗したため、手続きを停止しています。お電話でご本人と確認できた場合に解除できます。',
      reason: '解除の理由',
      submit: '停止を解除する',
      done: '停止を解除しました。',
      leadSuspended:
        'パスワードの誤りが続いたため、パスワードでのログインを停止しています。お電話でご本人と確認できた場合に、この操作で再開できます。',
    },
  },
  {
    unlock: {
      title: 'Unlock recovery',
      lead: 'Recovery is locked after too many failed verifications. Unlock it once you have verified the customer on the phone.',
      reason: 'Reason for unlocking',
      submit: 'Unlock',
      done: 'Unlocked.',
      leadSuspended:
        'Password login is suspended after too many wrong passwords. Lift it here once you have verified the customer on the phone.',
    },
  },
);
