// npm run bench help (or: npx tsx bench/help.ts) — help search quality and latency, PGlite and PostgreSQL
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase, queryRows, type DatabaseHandle, type Db } from '../db/client';
import { toArticleRow, upsertArticleRows, type HelpArticleSource } from '../lib/help/articles';
import { HELP_CATEGORIES } from '../lib/help/front-matter';
import { searchHelp } from '../lib/help/search';
import { naiveSearch } from '../lib/help/search-naive';
import { syncHelpArticles } from '../lib/help/sync';
import { Agent } from 'node:http';
import { closedLoop, get, percentile } from './http-client';
import { withScratchDatabase } from './scratch';
import { evaluateHelpQueries, type QualityReport } from '../tests/support/help-eval';
import { HELP_QUERIES, HELP_QUERIES_HOLDOUT, type HelpQueryCase } from '../tests/support/help-queries';

/** Corpus size for the latency runs: the real articles plus generated ones. */
const TARGET_ARTICLES = Number(process.env.BENCH_HELP_ARTICLES ?? 3300);
const ROUNDS = Number(process.env.BENCH_HELP_ROUNDS ?? 3);
const HTTP_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

type Row = Record<string, string | number>;

// ------------------------------------------------------------------------------------------------
// Synthetic articles: brokerage topics that share words with the real ones (ログイン, アプリ,
// パスワード, スマートフォン …), so they compete for the same queries.

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  '投資信託',
  'NISA',
  'iDeCo',
  '国内株式',
  '米国株式',
  '配当金',
  '入金',
  '出金',
  '振込先口座',
  '特定口座',
  '確定申告',
  '取引報告書',
  '指値注文',
  '成行注文',
  '信用取引',
  '外貨預り金',
  '為替レート',
  'ポイント',
  '取引手数料',
  'マイナンバー',
  '積立設定',
  '債券',
  'ETF',
  'REIT',
  '株主優待',
  '貸株サービス',
  '源泉徴収',
  '年間取引報告書',
  '電子交付',
  '通知設定',
  'チャート',
  'ウォッチリスト',
  '約定通知',
  '注文履歴',
  '取引パスワード',
  '画面表示',
  '株価アラート',
  '資産残高',
  '損益計算',
  '口座振替',
];
const ACTIONS = [
  'の始め方',
  'の確認方法',
  'を変更する',
  'が反映されない',
  'の手数料について',
  'の注意点',
  'の受付時間',
  'ができない',
  'を取り消す',
  'の設定方法',
  'が表示されない',
  'のよくある質問',
  'を申し込む',
  'の期限',
  'を解約する',
];
const SENTENCES = [
  '{t}は、取引アプリとPCサイトの両方で確認できます。',
  '{t}の手続きは、ログイン後のメニューから行ってください。',
  '画面の案内に従って、必要な項目を入力します。',
  '{t}の反映には、1〜2営業日かかることがあります。',
  '取引アプリを最新版に更新してから、もう一度お試しください。',
  'スマートフォンの設定で、通知が許可されているかご確認ください。',
  '{t}について不明な点は、お問い合わせ窓口までご連絡ください。',
  '手続きの途中でログイン画面に戻った場合は、最初からやり直してください。',
  '取引パスワードは、ログインパスワードとは別のものです。',
  '登録メールアドレスに、手続き完了のお知らせをお送りします。',
  '{t}の内容は、取引報告書でもご確認いただけます。',
  '市場の状況によっては、{t}の条件が変わることがあります。',
  'セキュリティのため、一定時間操作がないと自動的にログアウトします。',
  '本人確認書類の提出が必要になる場合があります。',
  '{t}の詳細は、各商品の説明書をご覧ください。',
  'パソコンのブラウザは、最新の版をお使いください。',
];
const EN_TOPICS = [
  'mutual funds',
  'dividends',
  'deposits',
  'withdrawals',
  'tax reports',
  'limit orders',
  'margin trading',
  'points',
  'fees',
  'statements',
  'notifications',
  'watch lists',
  'price alerts',
  'bonds',
  'ETFs',
];
const EN_ACTIONS = [
  'How to check your',
  'Changing your',
  'Problems with',
  'About',
  'When you cannot see your',
  'Cancelling',
];
const EN_SENTENCES = [
  'You can check {t} on the trading app and on the PC site.',
  'Log in and open the menu to manage {t}.',
  'Changes to {t} may take one or two business days.',
  'Update the trading app to the latest version and try again.',
  'If you have questions about {t}, please contact us.',
  'For security, you are logged out automatically after a period without activity.',
];

export function syntheticArticles(count: number, seed = 42): HelpArticleSource[] {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: HelpArticleSource[] = [];
  const enCount = Math.floor(count / 10);
  for (let i = 0; i < count; i++) {
    const en = i < enCount;
    const topic = en ? pick(EN_TOPICS) : pick(TOPICS);
    const title = en ? `${pick(EN_ACTIONS)} ${topic}` : `${topic}${pick(ACTIONS)}`;
    const paragraphs: string[] = [];
    for (let p = 0; p < 4 + Math.floor(rnd() * 4); p++) {
      const sentences = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () =>
        pick(en ? EN_SENTENCES : SENTENCES).replaceAll('{t}', topic),
      );
      paragraphs.push(
        `${p % 2 === 0 ? `## ${en ? 'Details' : `${topic}について`} ${p + 1}\n\n` : ''}${sentences.join(en ? ' ' : '')}`,
      );
    }
    out.push({
      slug: `synthetic-${String(i).padStart(5, '0')}`,
      lang: en ? 'en' : 'ja',
      title,
      category: pick([...HELP_CATEGORIES]),
      tags: [topic],
      reading: '',
      summary: en ? `${title}.` : `${title}についてご案内します。`,
      related: [],
      order: 100,
      body: paragraphs.join('\n\n'),
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------

const ms = (v: number) => Math.round(v * 100) / 100;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

async function timeEach(
  cases: HelpQueryCase[],
  fn: (c: HelpQueryCase) => Promise<unknown>,
): Promise<{ p50: number; p95: number; n: number }> {
  for (const c of cases) await fn(c); // warm-up: plans, caches, the typo vocabulary
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const t0 = performance.now();
      await fn(c);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  return { p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), n: times.length };
}

async function naiveQuality(
  db: Db,
  cases: HelpQueryCase[],
): Promise<{ recallAt3: number; precisionAt1: number; mrr: number }> {
  let r3n = 0;
  let p1 = 0;
  let mrr = 0;
  for (const c of cases) {
    const top = await naiveSearch(db, c.q, c.lang);
    const i = top.findIndex((s) => c.expect.includes(s));
    if (i >= 0 && i < 3) r3n++;
    if (i === 0) p1++;
    if (i >= 0) mrr += 1 / (i + 1);
  }
  return { recallAt3: r3n / cases.length, precisionAt1: p1 / cases.length, mrr: mrr / cases.length };
}

const qualityRow = (
  what: string,
  engine: string,
  articles: number,
  rep: { recallAt3: number; precisionAt1: number; mrr: number },
  queries: number,
): Row => ({
  what,
  engine,
  articles,
  queries,
  'recall@3': r3(rep.recallAt3),
  'P@1': r3(rep.precisionAt1),
  MRR: r3(rep.mrr),
  'p50 ms': '',
  'p95 ms': '',
  'req/s': '',
});

async function benchEngine(engine: string, h: DatabaseHandle, topByQuery: Map<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  await syncHelpArticles(h.db);
  const [{ n }] = await queryRows<{ n: number | string }>(h.db, sql`select count(*) as n from help_articles`);
  const real = Number(n);
  const all = [...HELP_QUERIES, ...HELP_QUERIES_HOLDOUT];

  const tuned = await evaluateHelpQueries(h.db, HELP_QUERIES);
  const holdout = await evaluateHelpQueries(h.db, HELP_QUERIES_HOLDOUT);
  rows.push(qualityRow('help search, labelled set', engine, real, tuned, HELP_QUERIES.length));
  rows.push(qualityRow('help search, held-out set', engine, real, holdout, HELP_QUERIES_HOLDOUT.length));
  rows.push(
    qualityRow('naive LIKE, labelled set', engine, real, await naiveQuality(h.db, HELP_QUERIES), HELP_QUERIES.length),
  );

  await upsertArticleRows(h.db, syntheticArticles(Math.max(0, TARGET_ARTICLES - real)).map(toArticleRow));
  await h.db.execute(sql`analyze help_articles`);
  const total = TARGET_ARTICLES > real ? TARGET_ARTICLES : real;

  const big: QualityReport = await evaluateHelpQueries(h.db, all);
  rows.push(qualityRow('help search, both sets, with synthetic articles', engine, total, big, all.length));
  rows.push(
    qualityRow(
      'naive LIKE, both sets, with synthetic articles',
      engine,
      total,
      await naiveQuality(h.db, all),
      all.length,
    ),
  );
  for (const o of big.outcomes) topByQuery.set(`${engine}\u0000${o.lang}\u0000${o.q}`, o.top.join(','));

  const search = await timeEach(all, (c) => searchHelp(h.db, { q: c.q, lang: c.lang, limit: 10, cache: false }));
  const naive = await timeEach(all, (c) => naiveSearch(h.db, c.q, c.lang));
  const latency = (what: string, t: { p50: number; p95: number; n: number }): Row => ({
    what,
    engine,
    articles: total,
    queries: t.n,
    'recall@3': '',
    'P@1': '',
    MRR: '',
    'p50 ms': t.p50,
    'p95 ms': t.p95,
    'req/s': '',
  });
  rows.push(latency('help search, one query at a time (no memo; incl. log write)', search));
  rows.push(latency('naive LIKE, one query at a time', naive));
  const at20 = (what: string, t: { p50: number; p95: number; n: number; rps: number }): Row => ({
    ...latency(what, t),
    'req/s': t.rps,
  });
  rows.push(
    at20(
      'help search, 20 at once in this process (no memo)',
      await concurrently(all, (c) => searchHelp(h.db, { q: c.q, lang: c.lang, limit: 10, cache: false })),
    ),
  );
  rows.push(
    at20('naive LIKE, 20 at once in this process', await concurrently(all, (c) => naiveSearch(h.db, c.q, c.lang))),
  );
  return rows;
}

/** The query set ROUNDS times over by 20 workers at once: throughput and per-query latency of the engine alone. */
async function concurrently(
  cases: HelpQueryCase[],
  fn: (c: HelpQueryCase) => Promise<unknown>,
): Promise<{ p50: number; p95: number; n: number; rps: number }> {
  const work = Array.from({ length: ROUNDS }, () => cases).flat();
  const times: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      for (let i = next++; i < work.length; i = next++) {
        const t = performance.now();
        await fn(work[i]);
        times.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return {
    p50: ms(percentile(times, 50)),
    p95: ms(percentile(times, 95)),
    n: times.length,
    rps: Math.round(times.length / secs),
  };
}

/** Fills a server's database up to `total` articles with generated ones (before it starts). */
export async function addSyntheticArticles(db: Db, total = TARGET_ARTICLES): Promise<void> {
  const [{ n }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from help_articles`);
  await upsertArticleRows(db, syntheticArticles(Math.max(0, total - Number(n))).map(toArticleRow));
  await db.execute(sql`analyze help_articles`);
}

/**
 * The same query, spelled so the server's memo cannot recognise it: trailing spaces, half- and
 * full-width, in the pattern of `n` in binary. Normalization turns them all into nothing, so the
 * engine does exactly the work of the plain query.
 */
function unmemoized(q: string, n: number): string {
  return `${q} ${n.toString(2).replace(/0/g, ' ').replace(/1/g, '\u3000')}`;
}
let coldSerial = 0;

/**
 * Closed-loop HTTP load on GET /api/v1/help/search: `connections` clients rotating the labelled
 * queries. Cold: every request is new to the server, so the search engine runs each time; warm:
 * every query was asked once before (popular queries repeat) and the memo of recent results answers.
 */
export async function measureHelpHttp(
  baseUrl: string,
  connections = 20,
  seconds = HTTP_SECONDS,
  warm = false,
): Promise<Row> {
  const cases = [...HELP_QUERIES, ...HELP_QUERIES_HOLDOUT];
  const path = (c: HelpQueryCase, q = c.q) => `/api/v1/help/search?${new URLSearchParams({ q, lang: c.lang })}`;
  if (warm) {
    const agent = new Agent({ keepAlive: true });
    for (const c of cases) await get(agent, new URL(path(c), baseUrl));
    agent.destroy();
  }
  const next = (i: number) => {
    const c = cases[i % cases.length];
    return warm ? path(c) : path(c, unmemoized(c.q, ++coldSerial));
  };
  await closedLoop(baseUrl, next, connections, 2); // warm-up: the server's JIT settles
  const r = await closedLoop(baseUrl, next, connections, seconds);
  return {
    what: `GET /api/v1/help/search, ${connections} concurrent, ${warm ? 'warm (each query asked once before)' : 'cold (every request new to the memo)'}${r.errors ? ` (${r.errors} errors)` : ''}`,
    engine: 'server (its database)',
    articles: 'seeded',
    queries: r.requests,
    'recall@3': '',
    'P@1': '',
    MRR: '',
    'p50 ms': r.p50,
    'p95 ms': r.p95,
    'req/s': r.rps,
  };
}

/** A row that only says something (no figures). */
const note = (what: string, engine: string, articles: string | number = '', queries: string | number = ''): Row => ({
  what,
  engine,
  articles,
  queries,
  'recall@3': '',
  'P@1': '',
  MRR: '',
  'p50 ms': '',
  'p95 ms': '',
  'req/s': '',
});

/** Every help-search number: quality (labelled, held-out, with distractors), latency beside naive LIKE, on both databases. */
export async function runHelpBench(baseUrl?: string): Promise<Row[]> {
  const rows: Row[] = [];
  const tops = new Map<string, string>();

  const lite = await openDatabase({ pgliteDir: 'memory://', migrate: true });
  try {
    rows.push(...(await benchEngine('PGlite', lite, tops)));
  } finally {
    await lite.close();
  }

  await withScratchDatabase(
    'bench_help',
    async (url) => {
      const pg = await openDatabase({ url, migrate: true, poolMax: 4 });
      try {
        rows.push(...(await benchEngine('PostgreSQL', pg, tops)));
      } finally {
        await pg.close();
      }
      const keys = [...tops.keys()].filter((k) => k.startsWith('PGlite\u0000'));
      const same = keys.filter((k) => tops.get(k) === tops.get(k.replace(/^PGlite/, 'PostgreSQL'))).length;
      rows.push(
        note(
          `identical top 10 on PGlite and PostgreSQL: ${same}/${keys.length} queries`,
          'both',
          TARGET_ARTICLES,
          keys.length,
        ),
      );
    },
    (message) => void rows.push(note(message, 'PostgreSQL')),
  );

  if (baseUrl) rows.push(await measureHelpHttp(baseUrl));
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(await runHelpBench(process.env.BENCH_HELP_URL));
}
