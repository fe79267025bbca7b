import { plural } from '../format';
import { defineCatalog } from '../types';

/** The screens where a flow ended without completing: expired, stopped (two different stops), cancelled. */
export const recoveryEnded = defineCatalog(
  {
    expired: {
      title: '時間切れになりました',
      body: (minutes: number) =>
        `安全のため、手続きは開始から${minutes}分（延長した場合はその時間）で終わります。パスキーやログインの設定は変わっていません。お手数ですが、最初からやり直してください。`,
    },
    locked: {
      flowTitle: '安全のため、この手続きを停止しました',
      flowBody:
        '入力いただいた内容が、続けてご登録の内容と一致しなかったため、この手続きを停止しました。パスキー、パスワード、お預かり資産は変わっていません。',
      flowAgain:
        'すぐに最初からやり直せます。お手元の「口座開設のご案内」や「取引報告書」で内容をお確かめのうえ、もう一度お試しください。',
      accountTitle: '安全のため、パスキーの解除を一時停止しています',
      accountBody:
        '24時間のうちに、入力内容が何度も一致しなかったため、このアカウントのパスキーの解除を一時停止しました。お預かり資産、ご注文、保有銘柄は変わっていません。',
      accountUntil: (until: string) => `${until}から、もう一度お手続きいただけます。`,
      notMeTitle: '安全のため、ログインと本人確認を停止しています',
      notMeBody:
        'お客さまのご連絡により、このアカウントのログインと本人確認を停止しています。お預かり資産、ご注文、保有銘柄は変わっていません。再開には、お電話での本人確認が必要です。',
      call: 'お急ぎの場合や、お心当たりがない場合は、お電話でお問い合わせください。',
      phoneTitle: 'お問い合わせ窓口（電話）',
      phone: (phone: string) => `お問い合わせ窓口：${phone}`,
      freeDial: 'フリーダイヤル',
      direct: '携帯電話・IP電話・海外から',
      hours: (weekday: string, weekend: string | null) =>
        `受付時間：平日 ${weekday}${weekend ? `、土日・祝日 ${weekend}` : '（土日・祝日はお休み）'}（年末年始を除く）`,
    },
    cancelled: {
      title: '手続きを中止しました',
      body: 'パスキーとログインの設定は、何も変更していません。',
    },
  },
  {
    expired: {
      title: 'Your time ran out',
      body: (minutes: number) =>
        `For your safety, a passkey removal ends ${plural(minutes, 'minute')} after it starts (or later, if you added time). Your passkeys and login settings have not changed. Please start again.`,
    },
    locked: {
      flowTitle: 'We stopped this request for your safety',
      flowBody:
        'What was entered did not match our records several times in a row, so we stopped this request. Your passkeys, password and assets are unchanged.',
      flowAgain:
        'You can start again right away. Please check your details on your account opening letter or trade reports first.',
      accountTitle: 'Passkey removal is paused for your safety',
      accountBody:
        'What was entered did not match our records too many times within 24 hours, so we have paused passkey removal for this account. Your assets, orders and holdings are unchanged.',
      accountUntil: (until: string) => `You can try again from ${until}.`,
      notMeTitle: 'Login and identity checks are stopped for your safety',
      notMeBody:
        'At your request, login and identity checks are stopped for this account. Your assets, orders and holdings are unchanged. To resume, we need to confirm your identity by phone.',
      call: 'If it is urgent, or if you did not start this, please call us.',
      phoneTitle: 'Our support line',
      phone: (phone: string) => `Our support line: ${phone}`,
      freeDial: 'Free dial (from landlines in Japan)',
      direct: 'From mobiles, IP phones and abroad',
      hours: (weekday: string, weekend: string | null) =>
        `Open ${weekday} JST on weekdays${weekend ? `, ${weekend} JST at weekends and on holidays` : ' (closed at weekends and on holidays)'}, except over the New Year holidays.`,
    },
    cancelled: {
      title: 'Passkey removal stopped',
      body: 'Nothing was changed in your passkeys or login settings.',
    },
  },
);
