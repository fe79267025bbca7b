/**
 * How customers say the same thing. Each group lists the spellings that mean one concept; a query
 * that contains any of them searches for all of them. `related` groups are searched too, but a title
 * that uses the customer's own concept ranks above one that only matches a related concept.
 * Spellings are normalized before use, so hiragana, half-width and full-width forms need no entry.
 */
export type SynonymGroup = {
  id: string;
  forms: string[];
  related?: string[];
  /**
   * Words that describe the trouble rather than its subject (「忘れた」「使えない」「とは」) only
   * rank, with this weight (a required concept weighs 1): they never exclude an article.
   */
  soft?: number;
};

export const SYNONYM_GROUPS: SynonymGroup[] = [
  { id: 'passkey', forms: ['パスキー', 'passkey', 'pass key', 'パスキ'], related: ['biometric'] },
  {
    id: 'biometric',
    forms: ['生体認証', '顔認証', '顔認識', 'face id', 'faceid', 'フェイスid', 'フェイスアイディー', '指紋認証', '指紋', 'touch id', 'touchid',
      'タッチid', 'biometric', 'biometrics', 'fingerprint', 'face recognition', '顔', '生体'],
    related: ['passkey'],
  },
  { id: 'login', forms: ['ログイン', 'サインイン', 'ログオン', 'login', 'log in', 'sign in', 'signin', 'logon', '入れない', 'はいれない'] },
  { id: 'logout', forms: ['ログアウト', 'サインアウト', 'logout', 'log out', 'sign out'] },
  {
    id: 'remove',
    forms: ['解除', '削除', '無効', '無効化', 'リセット', 'reset', '取り消し', '取消', '消去', '消す', '消したい', '消し', 'けしたい', 'けす', '消せない', '外す', '外したい',
      'やめたい', 'やめる', '止めたい', '使わない', 'remove', 'removal', 'delete', 'disable', 'revoke', 'turn off', 'get rid of'],
  },
  { id: 'reset', forms: ['再設定', '再発行', '初期化', '作り直す', 'recover', 'recovery'] },
  {
    id: 'change-phone',
    forms: ['機種変更', '機種変', '機変', 'スマホ買い替え', 'スマホの買い替え', '携帯買い替え', 'スマホ機種変更', '機種交換', '買い替え', '買い換え', '買替', '買い替えた', '買い換えた', 'かいかえ', '乗り換え',
      'スマホを変えた', 'スマホ変えた', 'スマホを替えた', 'スマホ替えた', 'スマホを変更', 'スマホを買い替え', '携帯を変えた', '携帯変えた',
      '携帯を替えた', '電話を変えた', '端末を変えた', '端末変更', '機種を変えた', '新しいスマホ', '新しいスマートフォン', '新しい端末',
      '新しいiphone', '新しい携帯', 'new phone', 'change phone', 'changed phone', 'changed my phone', 'switched phone',
      'new smartphone', 'upgrade phone', 'upgraded my phone'],
    related: ['phone'],
  },
  { id: 'phone', forms: ['スマートフォン', 'スマホ', '携帯電話', '携帯', '端末', 'iphone', 'android', 'アンドロイド', 'アイフォン', 'smartphone', 'phone', 'device', 'mobile'] },
  {
    id: 'multi-device',
    forms: ['複数の端末', '複数端末', '複数台', '2台目', '二台目', 'タブレット', 'ipad', 'tablet', 'multiple devices', 'more than one device',
      'another device', 'second device'],
  },
  { id: 'account', forms: ['アカウント', '口座', 'account'] },
  { id: 'use', forms: ['使う', '使い', '使いたい', '使える', '利用', 'use', 'using'], soft: 0.35 },
  { id: 'password', forms: ['パスワード', '暗証番号', 'password', 'pass word', 'passcode', 'pw'] },
  {
    id: 'forgot',
    forms: ['忘れた', '忘れ', '忘れました', 'わすれた', 'わからない', '分からない', '分からなくなった', 'わからなくなった', '思い出せない',
      '不明', 'forgot', 'forgotten', 'forget', "don't know", "can't remember", 'do not remember'],
    soft: 0.6,
  },
  {
    id: 'login-id',
    forms: ['ログインid', 'ログインアイディー', 'ユーザーid', 'ユーザid', 'ユーザー名', 'ユーザーネーム', 'ユーザ名', 'id', 'アイディー', 'login id',
      'user id', 'userid', 'username', 'user name'],
  },
  {
    id: 'lock',
    forms: ['ロック', 'ロックされた', 'ロックがかかった', '凍結', '利用停止', 'アカウント停止', 'lock', 'locked', 'lockout', 'locked out', 'frozen',
      'suspended'],
  },
  {
    id: 'two-step',
    forms: ['二段階認証', '2段階認証', '二要素認証', '2要素認証', '2fa', 'mfa', '多要素認証', '二段階', '2段階', 'ワンタイムパスワード', 'two step',
      'two-step', '2-step', 'two factor', 'two-factor', 'one time password', 'otp', 'ワンタイム'],
    related: ['code'],
  },
  { id: 'code', forms: ['確認コード', '認証コード', 'ワンタイムコード', 'コード', 'セキュリティコード', 'code', 'verification code', 'sms'] },
  { id: 'app', forms: ['取引アプリ', 'アプリ', 'app', 'application', 'アプリケーション'] },
  { id: 'pc', forms: ['pcサイト', 'パソコン', 'pc', 'computer', 'desktop', 'laptop', 'ノートパソコン', 'windows', 'mac', 'ブラウザ', 'browser'] },
  {
    id: 'fail',
    forms: ['失敗', 'うまくいかない', 'うまくいきません', '上手くいかない', '認証されない', '反応しない', '通らない', '認識しない', '認識されない',
      'エラー', 'エラーになる', '使えない', 'つかえない', '使えなくなった', 'fail', 'failed', 'failing', 'fails', 'error', "doesn't work",
      'does not work', 'not working', "won't work", 'not recognised', 'not recognized'],
    soft: 0.6,
  },
  { id: 'email', forms: ['メールアドレス', 'メアド', 'メール', 'eメール', 'e-mail', 'email', 'mail'] },
  { id: 'not-received', forms: ['届かない', '届きません', '来ない', 'こない', '受信できない', 'not received', "didn't receive", "haven't received", 'not arrive', 'never arrived'] },
  { id: 'lost', forms: ['なくした', '無くした', '失くした', '紛失', '落とした', '盗まれた', '盗難', '壊れた', '故障', 'lost', 'stolen', 'broken', 'lose'] },
  {
    id: 'not-me',
    forms: ['心当たりがない', '心当たりのない', '心当たり', '身に覚えがない', '身に覚えのない', '覚えがない', '知らない', '不正', '不正アクセス',
      '乗っ取り', 'なりすまし', 'not me', "wasn't me", 'unauthorized', 'unauthorised', "didn't request", 'suspicious'],
  },
  { id: 'create', forms: ['作成', '登録', '作る', '作りたい', '追加', '新規作成', '設定したい', 'create', 'register', 'set up', 'setup', 'add'] },
  { id: 'change', forms: ['変更', '変えたい', '変更したい', '変える', 'change', 'update', 'edit'] },
  { id: 'rename', forms: ['名前を変更', '名前変更', '名前を変える', '名称変更', 'rename', 'nickname', 'ニックネーム'] },
  { id: 'secret-question', forms: ['秘密の質問', '秘密の答え', 'ひみつのしつもん', '合言葉', 'secret question', 'security question'] },
  { id: 'reference', forms: ['受付番号', '受付', 'reference number', 'reference'] },
  { id: 'branch', forms: ['部店コード', '部店', '支店コード', '支店番号', '口座番号', 'branch code', 'account number', 'branch'] },
  { id: 'support', forms: ['問い合わせ', 'お問い合わせ', '問合せ', 'コールセンター', 'サポート', '電話', '窓口', '営業時間', 'support', 'contact', 'call', 'phone number'] },
  { id: 'phishing', forms: ['フィッシング', '詐欺', '偽サイト', '偽メール', 'phishing', 'scam', 'fake'] },
  { id: 'update', forms: ['アップデート', 'バージョンアップ', '最新版', '更新'] },
  { id: 'cannot-open', forms: ['開かない', '起動しない', '落ちる', '強制終了', 'クラッシュ', 'フリーズ', '固まる', "won't open", 'crash', 'crashes', 'freeze'] },
  { id: 'loop', forms: ['ループ', '繰り返す', '戻される', 'ログイン画面に戻る', 'loop', 'keeps asking', 'back to login'] },
  { id: 'prepare', forms: ['必要なもの', '準備', '用意', '持ち物', 'what to prepare', 'prepare', 'need', 'what do i need'] },
  { id: 'rules', forms: ['ルール', '条件', '使える文字', '文字数', '桁数', 'rules', 'requirements', 'format', 'characters'] },
  { id: 'many-times', forms: ['何度も', '何回も', '連続', '続けて', '回数', 'many times', 'too many', 'repeatedly'] },
  { id: 'what-is', forms: ['とは', 'って何', 'ってなに', 'とは何', 'とはなに', '何ですか', 'what is', "what's", 'what are', 'about'], soft: 0.35 },
  { id: 'how-to', forms: ['方法', 'やり方', '手順', '仕方', 'how to', 'how do i', 'steps', 'how can i'], soft: 0.35 },
  { id: 'why', forms: ['なぜ', 'どうして', '理由', 'why', 'reason'], soft: 0.35 },
];
