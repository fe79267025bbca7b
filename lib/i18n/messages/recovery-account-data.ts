import { defineCatalog } from '../types';
import { plural } from '../format';

/** Step 3 of /recovery: birth date, branch code, account number — with where to find them. */
export const recoveryAccountData = defineCatalog(
  {
    title: 'お客さま情報を入力してください',
    lead: 'ご登録の内容と照合します。',
    safety:
      '安全のため、一致しなかったときも、どの項目が違っていたかはお伝えしません。お手元の「口座開設のご案内」や「取引報告書」でご確認ください。',
    birthDateHint:
      '西暦で入力してください。例：1985年（昭和60年）4月12日生まれ → 19850412。和暦（S60.4.12、昭和60年4月12日、H3.1.8 など）でも入力できます。',
    birthDateRead: (seireki: string, era: string, month: number, day: number) =>
      `${seireki}年（${era}）${month}月${day}日として確認します。`,
    branchCodeHint: '3桁の数字です。「口座開設のご案内」や「取引報告書」に記載されています。',
    accountNumberHint: '7桁の数字です。部店コードと同じく、「口座開設のご案内」や「取引報告書」に記載されています。',
  },
  {
    title: 'Enter your details',
    lead: 'We compare them with what is registered.',
    safety:
      'For your safety, if something does not match we do not say which item it was. Please check them on your account opening letter (口座開設のご案内) or your trade reports (取引報告書).',
    birthDateHint:
      'Year first (Western calendar), e.g. 19850412 if you were born on 12 April 1985 (Shōwa 60). Japanese era dates such as S60.4.12 work too.',
    birthDateRead: (seireki: string, era: string, month: number, day: number) =>
      `We will check ${day} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1]} ${seireki} (${era}).`,
    branchCodeHint: `${plural(3, 'digit')}, printed on your account opening letter and your trade reports.`,
    accountNumberHint: `${plural(7, 'digit')}, printed in the same places as the branch code.`,
  },
);
