import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SYMPTOMS } from '@/lib/help/troubleshooter';
import { helpMessages } from '@/lib/i18n/messages/help';
import { normalizeAnswer } from '@/lib/recovery/normalize';

/*
 * Issue #15: one story for a forgotten password or login ID, named the same everywhere, and a
 * secret-question article that says what the check really ignores.
 */
const root = path.resolve(import.meta.dirname, '../..');
const article = (slug: string, lang: 'ja' | 'en') =>
  fs.readFileSync(path.join(root, `db/seed/help/${slug}.${lang}.md`), 'utf8');

describe('a forgotten password or login ID has one route, named as on /login', () => {
  it('the troubleshooter sends 「パスワードを忘れた」 to /recovery/password and 「ログインIDを忘れた」 to /recovery/login-id, as its main button', () => {
    expect(SYMPTOMS['password-forgot'].action).toEqual({ href: '/recovery/password', label: 'forgotPassword' });
    expect(SYMPTOMS['login-id-forgot'].action).toEqual({ href: '/recovery/login-id', label: 'forgotLoginId' });
    expect(SYMPTOMS['password-forgot'].actionFirst).toBe(true);
    expect(SYMPTOMS['login-id-forgot'].actionFirst).toBe(true);
    expect(helpMessages.ja.symptoms['password-forgot'].label).toBe('パスワードを忘れた');
    expect(helpMessages.ja.symptoms['login-id-forgot'].label).toBe('ログインIDを忘れた');
    expect(helpMessages.ja.forgotPassword).toBe('パスワードをお忘れの方');
    expect(helpMessages.ja.forgotLoginId).toBe('ログインIDをお忘れの方');
    expect(helpMessages.en.forgotPassword).toBe('Forgot your password?');
    expect(helpMessages.en.forgotLoginId).toBe('Forgot your login ID?');
  });

  it.each(['ja', 'en'] as const)(
    'the password-forgot article (%s) links the route by its name and never sends the customer to the phone first',
    (lang) => {
      const text = article('password-forgot', lang);
      const name = lang === 'ja' ? 'パスワードをお忘れの方' : 'Forgot your password?';
      expect(text).toContain(`[${name}](/recovery/password)`);
      const body = text.split('---').slice(2).join('---');
      const firstParagraph = body.trim().split('\n\n')[0];
      expect(firstParagraph).not.toMatch(/お電話ください|お問い合わせ窓口|call us at/);
    },
  );

  it.each(['ja', 'en'] as const)('the login-id-forgot article (%s) links /recovery/login-id by its name', (lang) => {
    const name = lang === 'ja' ? 'ログインIDをお忘れの方' : 'Forgot your login ID?';
    expect(article('login-id-forgot', lang)).toContain(`[${name}](/recovery/login-id)`);
  });
});

describe('the secret-question article agrees with the answer check (lib/recovery/normalize.ts)', () => {
  const pairs = (text: string, marker: RegExp) => [...text.matchAll(marker)].map((m) => [m[1], m[2]] as const);

  it('every pair it calls the same is the same after normalization, and every pair it calls different is different', () => {
    const ja = article('recovery-secret-question', 'ja');
    const same = pairs(ja, /「([^」]+)」と「([^」]+)」は同じです/g);
    const different = [
      ...pairs(ja, /「([^」]+)」と「([^」]+)」は別の答え/g),
      ...pairs(ja.split('別の答えになります')[1] ?? '', /「([^」]+)」と「([^」]+)」/g),
    ];
    expect(same.length).toBeGreaterThanOrEqual(2);
    expect(different.length).toBeGreaterThanOrEqual(3);
    for (const [a, b] of same) expect(normalizeAnswer(a), `${a} = ${b}`).toBe(normalizeAnswer(b));
    for (const [a, b] of different) expect(normalizeAnswer(a), `${a} ≠ ${b}`).not.toBe(normalizeAnswer(b));
  });

  it.each(['ja', 'en'] as const)(
    '(%s) names kanji versus kana as the difference that counts, and does not ask the customer to mind kana, width or spaces',
    (lang) => {
      const text = article('recovery-secret-question', lang);
      expect(text).toMatch(lang === 'ja' ? /漢字とかなの違い/ : /kanji versus kana/);
      expect(text).not.toMatch(/ご確認ください。\n\n- ひらがな・カタカナ・漢字の違い/);
      expect(normalizeAnswer(' ﾎﾟﾁ ')).toBe(normalizeAnswer('ぽち'));
      expect(normalizeAnswer('鈴木')).not.toBe(normalizeAnswer('すずき'));
    },
  );
});

describe('the article on deleting a leftover passkey', () => {
  it.each(['ja', 'en'] as const)(
    '(%s) follows the vendors’ current paths, prints the domain and says once is enough',
    (lang) => {
      const text = article('passkey-delete-from-device', lang);
      expect(text).toContain('{{domain}}');
      if (lang === 'ja') {
        expect(text).toMatch(/iOS 18 以降/);
        expect(text).toContain('「パスワード」App');
        expect(text).toContain('「Google の自動入力」');
        expect(text).toContain('Google パスワード マネージャー');
        expect(text).toMatch(/1台で削除すれば/);
      } else {
        expect(text).toMatch(/iOS 18 or later/);
        expect(text).toContain('Passwords app');
        expect(text).toContain('Autofill with Google');
        expect(text).toMatch(/Deleting once is enough/);
      }
    },
  );
});
