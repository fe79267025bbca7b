import { defineCatalog } from '../types';

/** Step 2 of /recovery: the secret question. */
export const recoverySecretQuestion = defineCatalog(
  {
    title: '秘密の質問にお答えください',
    lead: 'ご登録時に設定した質問です。',
    questionLabel: '質問',
    answerHint:
      'ひらがなとカタカナ、全角と半角、空白の違いは気にせず入力できます。漢字とかなは区別しますので、ご登録のときの書き方でお答えください。',
  },
  {
    title: 'Answer your secret question',
    lead: 'This is the question you set when you registered.',
    questionLabel: 'Question',
    answerHint:
      'Hiragana or katakana, full or half width and spaces do not matter. Kanji and kana do: answer the way you wrote it when you registered.',
  },
);
