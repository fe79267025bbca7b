import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/*
 * docs/copy-style.md is the one list of banned spellings: this test reads its "Banned variants" table and
 * applies every row to what a customer or a staff member reads — every string in the catalogs, every line
 * of every help article (its `tags:` and `reading:` search fields excepted: other spellings there help people find it)
 * and every string in the email templates and the troubleshooter.
 */

const root = path.resolve(import.meta.dirname, '../..');

interface Rule {
  pattern: RegExp;
  source: string;
  instead: string;
}

/** Split a Markdown table row on the pipes that are not escaped as `\|`. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

export function bannedVariants(): Rule[] {
  const doc = fs.readFileSync(path.join(root, 'docs/copy-style.md'), 'utf8');
  const section = doc.split(/^## Banned variants$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const [pat, instead] = cells(l);
      const source = pat.replace(/^`|`$/g, '');
      return { pattern: new RegExp(source, 'gu'), source, instead };
    });
}

interface Text {
  where: string;
  text: string;
}

/** Every string literal and template part in a TypeScript file, keys and imports left out. */
function stringsOf(file: string): Text[] {
  const code = fs.readFileSync(path.join(root, file), 'utf8');
  const sf = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const out: Text[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const parent = node.parent;
      const isKey = parent && ts.isPropertyAssignment(parent) && parent.name === node;
      const isIndex = parent && ts.isElementAccessExpression(parent) && parent.argumentExpression === node;
      if (!isKey && !isIndex) {
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
        out.push({ where: `${file}:${line + 1}`, text: node.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function articleLines(file: string): Text[] {
  return fs
    .readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .map((text, i) => ({ where: `${file}:${i + 1}`, text }))
    .filter((l) => !/^(tags|reading):/.test(l.text));
}

function listFiles(dir: string, ext: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${dir}/${f}`);
}

const catalogs = listFiles('lib/i18n/messages', '.ts');
const articles = listFiles('db/seed/help', '.md');
const codeFiles = [...catalogs, 'lib/notify/templates.ts', 'lib/help/troubleshooter.ts'];

function violations(texts: Text[], rules: Rule[]): string[] {
  const found: string[] = [];
  for (const { where, text } of texts) {
    for (const r of rules) {
      for (const m of text.matchAll(r.pattern)) found.push(`${where}: 「${m[0]}」 → ${r.instead}  (/${r.source}/)`);
    }
  }
  return found;
}

describe('copy style (docs/copy-style.md)', () => {
  const rules = bannedVariants();

  it('the guide lists its banned variants, each a valid pattern that catches its own example', () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    const samples: Record<string, string> = {
      ブラウザー: 'このブラウザーは',
      まちが: 'あと1回まちがえると',
      ロック: '手続きをロックしました',
      制限: 'ログインを制限しています',
      erification: 'the verification code',
      'PC site': 'on the PC site',
      hannel: 'every channel',
      rocedure: 'this procedure',
      サイト: '当社Webサイト',
    };
    for (const [key, sample] of Object.entries(samples)) {
      const rule = rules.find((r) => r.source.includes(key));
      expect(rule, key).toBeDefined();
      expect(violations([{ where: 'sample', text: sample }], [rule!]), key).toHaveLength(1);
    }
  });

  it('the words that look alike but are allowed stay allowed (ロックコード, 画面ロック, 回数制限, ウェブサイト)', () => {
    const fine = [
      'メールに記載のロックコード',
      '端末の画面ロックで',
      '回数制限の記録',
      '当社ウェブサイト',
      'ブラウザで開く',
      '間違えると',
      'the confirmation code',
    ];
    expect(
      violations(
        fine.map((text) => ({ where: 'sample', text })),
        rules,
      ),
    ).toEqual([]);
  });

  it.each(codeFiles)('%s uses no banned variant', (file) => {
    expect(violations(stringsOf(file), rules)).toEqual([]);
  });

  it('no help article uses a banned variant (search tags and reading excepted)', () => {
    expect(articles.length).toBeGreaterThan(30);
    expect(violations(articles.flatMap(articleLines), rules)).toEqual([]);
  });
});
