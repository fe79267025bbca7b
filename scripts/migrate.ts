// npm run db:migrate — applies db/migrations to DATABASE_URL, or to the embedded PGlite under .data/
import path from 'node:path';
import { openDatabase } from '../db/client';
import { env } from '../lib/config/env';

const e = env();
const h = await openDatabase(
  e.DATABASE_URL
    ? { url: e.DATABASE_URL, migrate: true, poolMax: 1 }
    : { pgliteDir: path.resolve(e.PGLITE_DIR), migrate: true },
);
await h.close();
console.log(`migrated (${h.driver})`);
