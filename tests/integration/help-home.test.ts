import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingSlugs, listCategoryHeads } from '@/lib/help/articles';
import { syncHelpArticles } from '@/lib/help/sync';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { helpArticle, insertHelpArticles } from '../support/help-fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await syncHelpArticles(t.db);
  // Twelve more app-trouble articles, ordered by the author ahead of the real ones, so the category overflows.
  await insertHelpArticles(
    t.db,
    Array.from({ length: 12 }, (_, i) =>
      helpArticle({
        slug: `zz-app-extra-${String(i).padStart(2, '0')}`,
        category: 'app',
        title: `アプリの追加記事${i}`,
        order: -100 + i,
      }),
    ),
  );
});
afterAll(async () => {
  await t?.drop();
});

describe('help home: topics by category without reading every article', () => {
  it("gives each category its total and its first eight articles in the author's order", async () => {
    const heads = await listCategoryHeads(t.db, 'ja', 8, { except: ['login-trouble'] });
    const app = heads.find((h) => h.category === 'app')!;
    expect(app.items).toHaveLength(8);
    expect(app.total).toBeGreaterThan(12);
    expect(app.items.slice(0, 3).map((a) => a.slug)).toEqual(['zz-app-extra-00', 'zz-app-extra-01', 'zz-app-extra-02']);
    for (const h of heads) expect(h.items.length).toBe(Math.min(8, h.total));
    expect(heads.flatMap((h) => h.items).some((a) => a.slug === 'login-trouble')).toBe(false);
  });

  it('lists every article of the category the visitor opened', async () => {
    const heads = await listCategoryHeads(t.db, 'ja', 8, { expanded: 'app' });
    const app = heads.find((h) => h.category === 'app')!;
    expect(app.items).toHaveLength(app.total);
    expect(heads.filter((h) => h.category !== 'app').every((h) => h.items.length <= 8)).toBe(true);
  });

  it('knows which linked articles exist in English', async () => {
    const en = await existingSlugs(t.db, ['passkey-cannot-login', 'zz-app-extra-00', 'no-such-article'], 'en');
    expect([...en]).toEqual(['passkey-cannot-login']);
  });

  it('treats an unknown or malformed category (a NUL byte, SQL) as none opened, without an error', async () => {
    for (const expanded of ['\u0000', "app' or 1=1 --", 'no-such-category']) {
      const heads = await listCategoryHeads(t.db, 'ja', 8, { expanded });
      expect(heads.every((h) => h.items.length <= 8)).toBe(true);
    }
  });
});
