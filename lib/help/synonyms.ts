/**
 * How customers say the same thing. Each group is one concept:
 * - `forms`: the words articles use for it — a query with any spelling of the concept searches for
 *   all of these;
 * - `spoken`: more ways customers say it (スマホを変えた, 消したい, うまくいかない) — recognized in a
 *   query, never searched for (articles are not written that way, and every extra phrase costs);
 * - `related`: groups whose words help the ranking a little (a title with スマートフォン for
 *   機種変更) but never make an article match;
 * - `soft`: words that describe the trouble rather than its subject (忘れた, とは) only rank, with
 *   this weight (a required concept weighs 1): they never exclude an article;
 * - `weight`: a required concept that is the backdrop of nearly every question (ログイン) weighs less
 *   in the title ranking than the specific one beside it (ロック).
 * Spellings are normalized before use, so hiragana, half-width and full-width forms need no entry.
 */
export type SynonymGroup = {
  id: string;
  forms: string[];
  spoken?: string[];
  related?: string[];
  soft?: number;
  weight?: number;
};

export const SYNONYM_GROUPS: SynonymGroup[] = [
  { id: 'passkey', forms: ['パスキー', 'passkey'], spoken: ['pass key', 'パスキ'], related: ['biometric'] },
  {
    id: 'biometric',
    forms: ['生体認証', '顔認証', 'face id', '指紋認証', '指紋', 'touch id', 'biometric', 'fingerprint', 'face recognition'],
    spoken: ['顔認識', 'faceid', 'フェイスid', 'フェイスアイディー', 'touchid', 'タッチid', 'biometrics', '顔', '生体'],
    related: ['passkey'],
  },
  { id: 'login', forms: ['ログイン', 'サインイン', 'login', 'log in', 'sign in'], spoken: ['ログオン', 'signin', 'logon', '入れない', 'はいれない'], weight: 0.6 },
  { id: 'logout', forms: ['ログアウト', 'logout', 'log out'], spoken: ['サインアウト', 'sign out'] },
  {
    id: 'remove',
    forms: ['解除', '削除', '無効', 'リセット', 'remove', 'removal', 'delete', 'disable', 'reset', 'revoke', 'turn off'],
    spoken: ['無効化', '取り消し', '取消', '消去', '消す', '消したい', '消し', 'けしたい', 'けす', '消せない', '外す', '外したい', 'やめたい', 'やめる',
      '止めたい', '使わない', 'get rid of'],
  },
  { id: 'reset', forms: ['再設定', '再発行', '初期化', 'recover'], spoken: ['作り直す', 'recovery'] },
  {
    id: 'change-phone',
    forms: ['機種変更', '買い替え', '新しいスマートフォン', 'new phone', 'changing phones', 'change phones'],
    spoken: ['機種変', '機変', 'スマホ買い替え', 'スマホの買い替え', '携帯買い替え', 'スマホ機種変更', '機種交換', '買い換え', '買替', '買い替えた',
      '買い換えた', 'かいかえ', '乗り換え', 'スマホを変えた', 'スマホ変えた', 'スマホを替えた', 'スマホ替えた', 'スマホを変更', 'スマホを買い替え',
      '携帯を変えた', '携帯変えた', '携帯を替えた', '電話を変えた', '端末を変えた', '端末変更', '機種を変えた', '新しいスマホ', '新しい端末',
      '新しいiphone', '新しい携帯', 'change phone', 'changed phone', 'changed my phone', 'switched phone', 'new smartphone', 'upgrade phone',
      'upgraded my phone', 'changed phones'],
    related: ['phone'],
  },
  {
    id: 'multi-device',
    forms: ['複数の端末', 'タブレット', '2台目', 'more than one device', 'tablet'],
    spoken: ['複数端末', '複数台', '二台目', 'ipad', 'multiple devices', 'another device', 'second device'],
  },
  { id: 'phone', forms: ['スマートフォン', 'スマホ', '携帯電話', '端末', 'iphone', 'android', 'smartphone', 'phone', 'device'], spoken: ['携帯', 'アンドロイド', 'アイフォン', 'mobile'] },
  { id: 'account', forms: ['アカウント', '口座', 'account'], weight: 0.7 },
  { id: 'use', forms: ['使う', '使い', '使える', '利用', 'use'], spoken: ['使いたい', 'using'], soft: 0.35 },
  { id: 'password', forms: ['パスワード', '暗証番号', 'password'], spoken: ['pass word', 'passcode', 'pw'] },
  {
    id: 'forgot',
    forms: ['忘れ', 'わからない', '分からない', 'forgot', 'forgotten', 'forget'],
    spoken: ['忘れた', '忘れました', 'わすれた', '分からなくなった', 'わからなくなった', '思い出せない', '不明', "don't know", "can't remember",
      'do not remember'],
    soft: 0.6,
  },
  {
    id: 'login-id',
    forms: ['ログインid', 'ユーザーid', 'id', 'login id', 'user id'],
    spoken: ['ログインアイディー', 'ユーザid', 'ユーザー名', 'ユーザーネーム', 'ユーザ名', 'アイディー', 'userid', 'username', 'user name'],
  },
  {
    id: 'lock',
    forms: ['ロック', '凍結', '利用停止', 'lock', 'locked'],
    spoken: ['ロックされた', 'ロックがかかった', 'アカウント停止', 'lockout', 'locked out', 'frozen', 'suspended'],
  },
  {
    id: 'two-step',
    forms: ['2段階認証', '二段階認証', '2要素認証', '多要素認証', 'two step', '2 step'],
    spoken: ['二要素認証', '2fa', 'mfa', '二段階', '2段階', 'two-step', '2-step', 'two factor', 'two-factor'],
    related: ['code'],
  },
  {
    id: 'code',
    forms: ['確認コード', '認証コード', 'ワンタイムパスワード', 'コード', 'code', 'verification code'],
    spoken: ['ワンタイムコード', 'セキュリティコード', 'ワンタイム', 'one time password', 'otp', 'sms'],
  },
  { id: 'app', forms: ['取引アプリ', 'アプリ', 'app'], spoken: ['application', 'アプリケーション'] },
  {
    id: 'pc',
    forms: ['pcサイト', 'パソコン', 'pc', 'ブラウザ', 'computer', 'browser'],
    spoken: ['desktop', 'laptop', 'ノートパソコン', 'windows', 'mac'],
  },
  {
    id: 'fail',
    forms: ['失敗', 'うまくいかない', '認識しない', 'エラー', '使えない', 'fail', 'error', 'not recognised'],
    spoken: ['うまくいきません', '上手くいかない', '認証されない', '反応しない', '通らない', '認識されない', 'エラーになる', 'つかえない', '使えなくなった',
      'failed', 'failing', 'fails', "doesn't work", 'does not work', 'not working', "won't work", 'not recognized'],
    soft: 0.6,
  },
  { id: 'email', forms: ['メールアドレス', 'メール', 'email'], spoken: ['メアド', 'eメール', 'e-mail', 'mail'] },
  {
    id: 'not-received',
    forms: ['届かない', 'not arrive', 'does not arrive'],
    spoken: ['届きません', '来ない', 'こない', '受信できない', 'not received', "didn't receive", "haven't received", 'never arrived'],
  },
  {
    id: 'lost',
    forms: ['なくした', '紛失', '盗難', '落とした', 'lost', 'stolen'],
    spoken: ['無くした', '失くした', '盗まれた', '壊れた', '故障', 'broken', 'lose'],
  },
  {
    id: 'not-me',
    forms: ['心当たりのない', '心当たりがない', '身に覚えがない', '不正', '乗っ取り', 'not recognise', 'unauthorised'],
    spoken: ['心当たり', '身に覚えのない', '覚えがない', '知らない', '不正アクセス', 'なりすまし', 'not me', "wasn't me", 'unauthorized',
      "didn't request", 'suspicious'],
  },
  { id: 'create', forms: ['作成', '登録', '追加', 'create', 'register', 'add'], spoken: ['作る', '作りたい', '新規作成', '設定したい', 'set up', 'setup'] },
  { id: 'change', forms: ['変更', 'change'], spoken: ['変えたい', '変更したい', '変える', 'edit'] },
  { id: 'rename', forms: ['名前を変更', '名前変更', 'rename'], spoken: ['名前を変える', '名称変更', 'nickname', 'ニックネーム'] },
  { id: 'secret-question', forms: ['秘密の質問', 'secret question'], spoken: ['秘密の答え', '合言葉', 'security question'] },
  { id: 'reference', forms: ['受付番号', 'reference number'], spoken: ['受付', 'reference'] },
  { id: 'branch', forms: ['部店コード', '口座番号', '支店番号', 'branch code', 'account number'], spoken: ['部店', '支店コード', 'branch'] },
  {
    id: 'support',
    forms: ['お問い合わせ', '問い合わせ', '電話', '窓口', 'コールセンター', 'support', 'contact', 'call'],
    spoken: ['問合せ', 'サポート', '営業時間', 'phone number'],
  },
  { id: 'phishing', forms: ['フィッシング', '詐欺', '偽メール', 'phishing', 'scam', 'fake'], spoken: ['偽サイト'] },
  { id: 'update', forms: ['アップデート', '更新', '最新版'], spoken: ['バージョンアップ'] },
  {
    id: 'cannot-open',
    forms: ['開かない', '起動しない', '落ちる', '強制終了', 'クラッシュ', 'フリーズ', '固まる', 'crash'],
    spoken: ["won't open", 'crashes', 'freeze'],
  },
  { id: 'loop', forms: ['ループ', '繰り返す', 'ログイン画面に戻る', 'loop'], spoken: ['戻される', 'keeps asking', 'back to login'] },
  { id: 'prepare', forms: ['必要なもの', '準備', '用意', 'what you need', 'prepare'], spoken: ['持ち物', 'what to prepare', 'need', 'what do i need'] },
  { id: 'rules', forms: ['ルール', '条件', '使える文字', '文字数', 'rules', 'requirements'], spoken: ['桁数', 'format', 'characters'] },
  { id: 'many-times', forms: ['何度も', '続けて', 'too many', 'many times'], spoken: ['何回も', '連続', '回数', 'repeatedly'] },
  { id: 'what-is', forms: ['とは', 'what is'], spoken: ['って何', 'ってなに', 'とは何', 'とはなに', '何ですか', "what's", 'what are', 'about'], soft: 0.35 },
  { id: 'how-to', forms: ['方法', '手順', 'how to'], spoken: ['やり方', '仕方', 'how do i', 'steps', 'how can i'], soft: 0.35 },
  { id: 'why', forms: ['理由', 'なぜ', 'why'], spoken: ['どうして', 'reason'], soft: 0.35 },
];
