// npm run db:seed — demo customers and staff (docs/design.md#demo-mode) and the help articles; safe to run again
import path from 'node:path';
import { openDatabase } from '../db/client';
import { seedDemo } from '../db/seed/demo';
import { syncHelpArticles } from '../lib/help/sync';
import { env } from '../lib/config/env';

const e = env();
const reset = process.argv.includes('--reset');
const h = await openDatabase(
  e.DATABASE_URL
    ? { url: e.DATABASE_URL, migrate: true, poolMax: 2 }
    : { pgliteDir: path.resolve(e.PGLITE_DIR), migrate: true },
);
try {
  const demo = await seedDemo(h.db, { reset });
  const help = await syncHelpArticles(h.db);
  console.log(
    `seeded (${h.driver}): ${demo.created.length ? demo.created.join(', ') : 'demo data already present'}; help articles: ${help.upserted} updated, ${help.total} in all`,
  );
} finally {
  await h.close();
}
