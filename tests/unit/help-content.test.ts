import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '@/lib/help/articles';
import { parseFrontMatter } from '@/lib/help/front-matter';
import { serializeJsonLd } from '@/lib/help/json-ld';
import { extractFaq, isSafeRelativeHref, linkTargets, markdownToPlainText, parseMarkdown } from '@/lib/help/markdown';
import { linkedArticleSlugs, localizeHref } from '@/lib/help/paths';
import { highlight, partsToHtml } from '@/lib/help/snippet';
import { applyCorrections, buildVocabulary, correctTerms, osaDistance } from '@/lib/help/typo';

const article = (front: string, body = '本文です。') => `---\n${front}\n---\n\n${body}\n`;

describe('help articles: front matter', () => {
  it('reads flow lists, quoted strings, block lists and integers', () => {
    const { data, body } = parseFrontMatter(
      article('slug: a-b\ntags: [パスキー, "a, b", \'c\']\nreading: ""\nrelated:\n  - x\n  - y\norder: 3'),
    );
    expect(data).toEqual({ slug: 'a-b', tags: ['パスキー', 'a, b', 'c'], reading: '', related: ['x', 'y'], order: 3 });
    expect(body.trim()).toBe('本文です。');
  });

  it('refuses YAML it does not expect: a repeated key, an alias, a list at the top', () => {
    expect(() => parseFrontMatter(article('slug: a\nslug: b'))).toThrow(/cannot read the front matter/);
    expect(() => parseFrontMatter(article('tags: &t [a]\nrelated: *t'))).toThrow(/cannot read the front matter/);
    expect(() => parseFrontMatter(article('- a\n- b'))).toThrow(/key: value/);
  });

  it('names the file when the front matter is missing, wrong or disagrees with the file name', () => {
    expect(() => parseArticleFile('x.ja.md', '本文だけ')).toThrow(/front matter/);
    expect(() => parseArticleFile('a.ja.md', article('slug: a\nlang: ja\ntitle: T\ncategory: nope'))).toThrow(
      /a\.ja\.md: category/,
    );
    expect(() => parseArticleFile('a.ja.md', article('slug: b\nlang: ja\ntitle: T\ncategory: login'))).toThrow(
      /b\.ja\.md/,
    );
    expect(() =>
      parseArticleFile('search.ja.md', article('slug: search\nlang: ja\ntitle: T\ncategory: login')),
    ).toThrow(/help center page/);
  });
});

describe('help articles: the Markdown subset', () => {
  it('parses headings, paragraphs, lists, bold and links into data', () => {
    const blocks = parseMarkdown('## 見出し\n\n本文の**太字**と[リンク](/recovery)。\n\n- 一\n- 二\n\n1. 手順\n2. 次');
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'list']);
    expect(blocks[1]).toEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: '本文の' },
        { type: 'strong', children: [{ type: 'text', text: '太字' }] },
        { type: 'text', text: 'と' },
        { type: 'link', href: '/recovery', children: [{ type: 'text', text: 'リンク' }] },
        { type: 'text', text: '。' },
      ],
    });
  });

  it('links only same-site paths: javascript:, data:, //host and https:// stay plain text', () => {
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      'https://evil.example',
      '/\\evil',
      '/a"onmouseover=x',
    ]) {
      expect(isSafeRelativeHref(href)).toBe(false);
      const [p] = parseMarkdown(`[罠](${href})`);
      expect(JSON.stringify(p)).not.toContain('"link"');
    }
    expect(isSafeRelativeHref('/help/passkey-what-is#section-2')).toBe(true);
  });

  it('keeps HTML in an article as text, never as markup', () => {
    const [p] = parseMarkdown('<img src=x onerror=alert(1)> と <script>');
    expect(p).toEqual({
      type: 'paragraph',
      children: [{ type: 'text', text: '<img src=x onerror=alert(1)> と <script>' }],
    });
  });

  it('extracts the よくある質問 section as questions and answers for FAQPage', () => {
    const faq = extractFaq(
      parseMarkdown(
        '## 手順\n\n本文\n\n## よくある質問\n\n### 質問1ですか\n\n答え1です。\n\n### 質問2ですか\n\n- 答え2\n\n## 解決しない場合\n\n電話',
      ),
    );
    expect(faq).toEqual([
      { question: '質問1ですか', answer: '答え1です。' },
      { question: '質問2ですか', answer: '答え2' },
    ]);
  });

  it('joins wrapped Japanese lines without a space and English lines with one', () => {
    expect(markdownToPlainText('パスキーを\n解除する\n\nremove\nit')).toBe('パスキーを解除する\nremove it');
  });

  it('sends English readers to the English version of a linked article when there is one', () => {
    const en = new Set(['passkey-what-is']);
    expect(localizeHref('/help/passkey-what-is', 'en', en)).toBe('/help/en/passkey-what-is');
    expect(localizeHref('/help/password-rules', 'en', en)).toBe('/help/password-rules');
    expect(localizeHref('/help/login-trouble', 'en', new Set(['login-trouble']))).toBe('/help/en/login-trouble');
    expect(localizeHref('/recovery', 'en', en)).toBe('/recovery');
  });
});

describe('help articles: the articles a body links to', () => {
  it('finds article links in paragraphs, lists and bold text, and only articles', () => {
    const blocks = parseMarkdown(
      [
        '詳しくは[パスキーとは](/help/passkey-what-is)をご覧ください。',
        '',
        '- **[機種変更](/help/passkey-change-phone#section-2)**のとき',
        '- [検索](/help/search)・[本人確認](/recovery)・[目次](#section-1)',
      ].join('\n'),
    );
    expect(linkedArticleSlugs(linkTargets(blocks))).toEqual(['passkey-what-is', 'passkey-change-phone']);
  });
});

describe('help search: snippets and structured data are never HTML from the text', () => {
  it('highlights ﾊﾟｽｷｰ-normalized matches in the original spelling', () => {
    const parts = highlight('取引アプリでぱすきーを作成します。', ['パスキ']);
    expect(parts).toEqual([
      { text: '取引アプリで', mark: false },
      { text: 'ぱすきー', mark: true },
      { text: 'を作成します。', mark: false },
    ]);
  });

  it('escapes the text before wrapping matches in <mark>', () => {
    const html = partsToHtml(highlight('<script>alert("x")</script> パスキー & "引用"', ['パスキ', 'script']));
    expect(html).toBe(
      '&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; <mark>パスキー</mark> &amp; &quot;引用&quot;',
    );
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('cuts a long text to a window around the matches, starting at a sentence', () => {
    const text = `${'前置きの文です。'.repeat(30)}ここでパスキーを解除します。${'後の文です。'.repeat(30)}`;
    const parts = highlight(text, ['パスキ', '解除'], 60);
    const joined = parts.map((p) => p.text).join('');
    expect(joined.startsWith('…ここで')).toBe(true);
    expect(parts.filter((p) => p.mark).map((p) => p.text)).toEqual(['パスキー', '解除']);
  });

  it('escapes </script> and < inside JSON-LD as \\u003c', () => {
    const s = serializeJsonLd({ name: '</script><script>alert(1)</script>', a: 'x & y' });
    expect(s).not.toContain('<');
    expect(s).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(s)).toEqual({ name: '</script><script>alert(1)</script>', a: 'x & y' });
  });
});

describe('help search: typo tolerance', () => {
  const vocab = buildVocabulary([
    { title: 'パスワードを忘れた', tags: ['生体認証', 'ログイン'], summary: '' },
    { title: 'Forgot your password', tags: [], summary: '' },
  ]);

  it('measures one wrong, missing, extra or swapped character as distance 1', () => {
    expect(osaDistance('パスワト', 'パスワド')).toBe(1);
    expect(osaDistance('pasword', 'password')).toBe(1);
    expect(osaDistance('passwrod', 'password')).toBe(1);
    expect(osaDistance('abcdef', 'uvwxyz')).toBe(3);
  });

  it('corrects パスワート, 生態認証 and pasword in place, leaving the rest of the query alone', () => {
    const fix = (q: string) => applyCorrections(q, correctTerms(vocab, q, [[0, q.length]]));
    expect(fix('パスワート')).toBe('パスワード');
    expect(fix('生態認証')).toBe('生体認証');
    expect(fix('pasword')).toBe('password');
  });

  it('does not "correct" short words, where one character changes the meaning', () => {
    expect(correctTerms(vocab, 'ログ', [[0, 2]])).toEqual([]);
    expect(correctTerms(vocab, 'pass', [[0, 4]])).toEqual([]);
  });
});
