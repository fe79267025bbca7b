import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '@/db/client';
import { HELP_SOURCE_DIR } from '@/lib/help/articles';
import { searchHelp } from '@/lib/help/search';
import { syncHelpArticles } from '@/lib/help/sync';
import { createTestDatabase, type TestDatabase } from '../support/db';

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(path.join(tmpdir(), 'help-sync-'));
  cpSync(HELP_SOURCE_DIR, dir, { recursive: true });
  await t.db.execute(sql`truncate help_articles`);
});

const rows = () =>
  queryRows<{ slug: string; lang: string; updated_at: string; search_vector: string }>(
    t.db,
    sql`select slug, lang, updated_at::text as updated_at, search_vector::text as search_vector from help_articles order by slug, lang`,
  );

describe('syncHelpArticles (db/seed/help → help_articles)', () => {
  it('loads every article file, at least 30 in Japanese, with the search fields computed', async () => {
    const res = await syncHelpArticles(t.db, { dir });
    const all = await rows();
    expect(res.total).toBe(all.length);
    expect(all.filter((r) => r.lang === 'ja').length).toBeGreaterThanOrEqual(30);
    expect(all.every((r) => r.search_vector.length > 0)).toBe(true);
  });

  it('is idempotent: a second run changes nothing, not even updated_at', async () => {
    const first = await syncHelpArticles(t.db, { dir });
    const before = await rows();
    const second = await syncHelpArticles(t.db, { dir });
    expect(first.upserted).toBe(first.total);
    expect(second).toEqual({ upserted: 0, total: first.total });
    expect(await rows()).toEqual(before);
  });

  it('updates only the article whose file changed, and search sees the new text at once', async () => {
    await syncHelpArticles(t.db, { dir });
    const file = path.join(dir, 'passkey-what-is.ja.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        '## パスキーの仕組み',
        '## パスキーの仕組み\n\nとくべつなけんさくご の説明です。',
      ),
    );
    const res = await syncHelpArticles(t.db, { dir });
    expect(res.upserted).toBe(1);
    const found = await searchHelp(t.db, { q: 'とくべつなけんさくご', lang: 'ja', log: false });
    expect(found.results.map((r) => r.slug)).toEqual(['passkey-what-is']);
  });

  it('deletes the article whose file is gone', async () => {
    await syncHelpArticles(t.db, { dir });
    unlinkSync(path.join(dir, 'passkey-what-is.en.md'));
    const res = await syncHelpArticles(t.db, { dir });
    expect(res.upserted).toBe(1);
    const left = await rows();
    expect(left.some((r) => r.slug === 'passkey-what-is' && r.lang === 'en')).toBe(false);
    expect(left.some((r) => r.slug === 'passkey-what-is' && r.lang === 'ja')).toBe(true);
  });

  it('refuses a folder with a broken article, naming the file, and keeps the database as it was', async () => {
    await syncHelpArticles(t.db, { dir });
    const before = await rows();
    writeFileSync(
      path.join(dir, 'broken.ja.md'),
      '---\nslug: broken\nlang: ja\ntitle: 壊れた記事\ncategory: unknown\n---\n本文',
    );
    await expect(syncHelpArticles(t.db, { dir })).rejects.toThrow(/broken\.ja\.md: category/);
    expect(await rows()).toEqual(before);
  });

  it('refuses an empty folder instead of deleting every article', async () => {
    await syncHelpArticles(t.db, { dir });
    const before = await rows();
    const empty = mkdtempSync(path.join(tmpdir(), 'help-empty-'));
    try {
      await expect(syncHelpArticles(t.db, { dir: empty })).rejects.toThrow(/no help articles/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(await rows()).toEqual(before);
  });
});
