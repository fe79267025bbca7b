import { defineCatalog } from '../types';
import { plural } from '../format';

/** Step 4 of /recovery: the emailed confirmation code. */
export const recoveryOtp = defineCatalog(
  {
    title: '確認コードを入力してください',
    lead: (masked: string) => `ご登録のメールアドレス（${masked}）に、6桁の確認コードをお送りしました。`,
    codeHint: 'メールに記載の6桁の数字',
    validUntil: (time: string) => `このコードは ${time} まで有効です。`,
    triesLeft: (n: number) => `このコードは、あと${n}回入力できます。`,
    resend: 'コードを再送する',
    resending: '再送しています…',
    resendIn: (seconds: number) => `${seconds}秒後に再送できます。`,
    sendsLeft: (n: number) => `あと${n}回再送できます。`,
    noMoreSends: 'これ以上コードを再送できません。',
    resent: '新しいコードをお送りしました。前のコードは使えなくなりました。',
    notReceived: 'メールが届かないときは、迷惑メールフォルダもご確認ください。',
    deliversAt: (time: string) =>
      `安全のため、確認コードのメールは ${time} ごろにお送りします。届いたら入力してください。`,
  },
  {
    title: 'Enter the confirmation code',
    lead: (masked: string) => `We have sent a 6-digit confirmation code to your registered email address (${masked}).`,
    codeHint: 'The 6 digits in the email',
    validUntil: (time: string) => `This code works until ${time}.`,
    triesLeft: (n: number) => `You can enter this code ${plural(n, 'more time')}.`,
    resend: 'Send the code again',
    resending: 'Sending…',
    resendIn: (seconds: number) => `You can ask again in ${plural(seconds, 'second')}.`,
    sendsLeft: (n: number) => `We can send you a new code ${plural(n, 'more time')}.`,
    noMoreSends: 'No more codes can be sent.',
    resent: 'We sent a new code. The previous code no longer works.',
    notReceived: 'If the email does not arrive, please check your spam folder too.',
    deliversAt: (time: string) =>
      `For your security, the email with the code will be sent at about ${time}. Please enter the code once it arrives.`,
  },
);
